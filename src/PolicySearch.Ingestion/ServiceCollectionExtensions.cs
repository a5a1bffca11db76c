using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>The ingestion pipeline (used by the CLI's ingest and the API's admin action).</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddRetrieval();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IngestionPipeline>();
        return services;
    }

    /// <summary>The hosted worker that keeps the index in step with the seeds folder.</summary>
    public static IServiceCollection AddIngestionWorker(this IServiceCollection services)
    {
        // A server ingests beside its searches: unless configured, indexing leaves them half of the cores.
        services.PostConfigure<IngestionOptions>(o =>
        {
            if (o.IndexingThreads == 0) o.IndexingThreads = Math.Max(1, Environment.ProcessorCount / 2);
        });
        services.AddSingleton<IngestionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestionWorker>());
        return services;
    }
}
