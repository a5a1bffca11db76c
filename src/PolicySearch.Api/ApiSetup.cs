using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using PolicySearch.Retrieval;
using Scalar.AspNetCore;

namespace PolicySearch.Api;

public static class ApiSetup
{
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
        services.AddProblemDetails();
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
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("PolicySearch API"));
        return app;
    }
}
