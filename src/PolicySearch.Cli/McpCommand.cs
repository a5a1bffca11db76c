using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicySearch.Answering;
using PolicySearch.Answering.Mcp;
using PolicySearch.Ingestion;

namespace PolicySearch.Cli;

/// <summary>
/// mcp: the Model Context Protocol tools over stdio, for desktop assistants that start their MCP servers as programs
/// (the same tools the API serves at /mcp). stdout carries the protocol; logs go to stderr.
/// </summary>
public static class McpCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var groups = new Option<string[]>("--groups")
        {
            Description = "The groups whose internal documents the tools may show (comma or space separated); default: public documents only, " +
                          "since an assistant may pass what it reads to a model outside the bureau",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("mcp", "Serve the MCP tools (search_policies, ask, compare_years, get_document) over stdio") { CommonOptions.Index, groups };
        command.SetAction(async (parse, ct) =>
        {
            var scope = PolicySearch.Retrieval.Access.AccessScope.Of((parse.GetValue(groups) ?? []).SelectMany(g => g.Split(',', ' ')));
            using var _ = PolicySearch.Retrieval.Access.AccessScope.Enter(scope);
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddConfiguration(CliHost.Configuration(overrides, parse.GetValue(CommonOptions.Index)));
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddIngestion();
            builder.Services.AddAnswering();
            builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "policysearch", Version = "1.0" })
                .WithStdioServerTransport()
                .WithTools<PolicyTools>();
            using var host = builder.Build();
            if (!host.Services.GetRequiredService<PolicySearch.Retrieval.PolicyIndex>().Exists)
            {
                return SearchCommand.Fail("no index: run ingest first (or give --index)");
            }
            await host.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
