using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using PolicySearch.Retrieval.Embeddings;

namespace PolicySearch.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    public const string EmbeddingsHttpClient = "embeddings";

    public static IServiceCollection AddRetrieval(this IServiceCollection services)
    {
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RankingOptions>().BindConfiguration(RankingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(EmbeddingsHttpClient).AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions o, IServiceProvider sp) =>
        {
            var openAi = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmbeddingOptions>>().Value.OpenAI;
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(openAi.TimeoutSeconds);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(openAi.TimeoutSeconds * (openAi.Retries + 1) + 1);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(openAi.TimeoutSeconds * 2, 30));
            o.Retry.MaxRetryAttempts = Math.Max(1, openAi.Retries);
        });
        services.AddOptions<Access.AccessOptions>().BindConfiguration(Access.AccessOptions.Section);
        services.TryAddSingleton<EmbeddingService>();
        services.TryAddSingleton<PolicyIndex>();
        services.AddOptions<Lifecycle.LifecycleOptions>().BindConfiguration(Lifecycle.LifecycleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Lifecycle.DocumentLifecycle>();
        services.TryAddSingleton<PassageSearcher>();
        return services;
    }
}
