using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicySearch.Answering;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

/// <summary>The CLI's services: the same configuration file and Add* extensions as the API, logs on stderr.</summary>
public static class CliHost
{
    public static readonly JsonSerializerOptions Json = PolicyJson.Options;

    /// <summary>Configuration overrides given as `--Section:Key=value`, taken out before the command line is parsed.</summary>
    public static (string[] Remaining, Dictionary<string, string?> Overrides) SplitConfigArguments(string[] args)
    {
        var overrides = new Dictionary<string, string?>();
        var rest = new List<string>();
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 && arg[..eq].Contains(':'))
            {
                overrides[arg[2..eq]] = arg[(eq + 1)..];
            }
            else
            {
                rest.Add(arg);
            }
        }
        return (rest.ToArray(), overrides);
    }

    /// <summary>The settings a command runs with: appsettings.json, the environment, then the command line's.</summary>
    public static IConfiguration Configuration(Dictionary<string, string?> overrides, string? index = null, string? source = null)
    {
        var settings = new Dictionary<string, string?>(overrides);
        if (index is not null) settings[$"{PathsOptions.Section}:{nameof(PathsOptions.Index)}"] = Path.GetFullPath(index);
        if (source is not null) settings[$"{PathsOptions.Section}:{nameof(PathsOptions.Seeds)}"] = Path.GetFullPath(source);
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot.Path, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings)
            .Build();
    }

    public static ServiceProvider Build(Dictionary<string, string?> overrides, string? index = null, string? source = null, bool verbose = false)
    {
        var configuration = Configuration(overrides, index, source);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        });
        services.AddIngestion();
        services.AddAnswering();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
