using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using PolicySearch.Retrieval;
using Scalar.AspNetCore;

namespace PolicySearch.Api;

public static partial class ApiSetup
{
    [System.Text.RegularExpressions.GeneratedRegex(@"parameter ""[^""]*?\b(\w+)""")]
    private static partial System.Text.RegularExpressions.Regex BoundParameter();

    /// <summary>
    /// The one configuration file at the repository root, then environment variables and arguments again so that
    /// they still override it, whatever folder the API was started from.
    /// </summary>
    public static void AddRepositorySettings(this ConfigurationManager configuration, string[] args)
    {
        var file = Path.Combine(RepositoryRoot.Path, "appsettings.json");
        if (!File.Exists(file)) return;
        configuration.AddJsonFile(file, optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
    }

    public static IServiceCollection AddPolicySearchApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // A value of the wrong type (year=abc) is the caller's mistake: name the field, never a 500.
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Status = bad.StatusCode;
                context.ProblemDetails.Title = "The request is not valid.";
                context.ProblemDetails.Detail = bad.Message;
                var field = BoundParameter().Match(bad.Message);
                // A body field of the wrong type ("years":"2023"): the JSON reader knows which field it was.
                if (bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path })
                {
                    var name = path.TrimStart('$', '.').Split('.', '[')[0];
                    context.ProblemDetails.Detail = $"The field '{name}' has the wrong type or is not valid JSON.";
                    context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [context.ProblemDetails.Detail] };
                }
                else if (field.Success)
                {
                    context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]>
                    {
                        [field.Groups[1].Value] = [bad.Message],
                    };
                }
            }
        });
        // Binding failures (year=abc, a truncated body) throw in every environment, not only in Development, so that
        // the ProblemDetails above always names the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        return services;
    }

    public static WebApplication UsePolicySearchApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // A caller's bad input is not a server error: no error log with a stack trace for it.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        // Inside the exception handler, which would otherwise take the budget's cancellation for a client abort.
        app.UseRequestTimeouts();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapOpenApi();
        // An intranet page: no font service, no telemetry, no AI agent or client buttons that call out of the building.
        app.MapScalarApiReference(ProtectionSetup.ReferencePath, o =>
        {
            o.WithTitle("PolicySearch API");
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.HideClientButton = true;
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            o.Agent = new ScalarAgentOptions { Disabled = true };
            o.Mcp = new ScalarMcpOptions { Disabled = true };
        });
        return app;
    }
}
