using PolicySearch.Answering;
using PolicySearch.Api;
using PolicySearch.Ingestion;

// PolicySearch API: the search page, search/documents endpoints, health, OpenAPI; hosts the ingestion worker.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.Configuration.AddRepositorySettings(args);

// Run as a Windows service when started as one (the win-x64 bundle's install.ps1); nothing changes elsewhere.
builder.Services.AddWindowsService(o => o.ServiceName = "PolicySearch");
builder.Services.AddIngestion();
builder.Services.AddAnswering();
builder.Services.AddIngestionWorker();
builder.Services.AddPolicySearchApi();
builder.Services.AddPolicySearchProtection(builder.Configuration);
builder.Services.AddPolicySearchSignIn();
// The MCP tools at /mcp: streamable HTTP, stateless (no session to keep between requests).
builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "policysearch", Version = "1.0" })
    .WithHttpTransport(o => o.Stateless = true)
    .WithTools<PolicySearch.Answering.Mcp.PolicyTools>();

var app = builder.Build();

app.UsePolicySearchProtection();
app.UsePolicySearchApi();
app.UsePolicySearchSignIn();
app.MapSessionApi();
app.MapSearchApi();
app.MapAskApi();
app.MapCompareApi();
app.MapDocumentsApi();
app.MapHealthApi();
app.MapAdminApi();
app.MapChatApi();
app.MapMcp("/mcp");
app.MapFallbackToFile("/doc/{**id}", "index.html");

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
