using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PolicySearch.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    public static IServiceCollection AddRetrieval(this IServiceCollection services)
    {
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RankingOptions>().BindConfiguration(RankingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PolicyIndex>();
        services.TryAddSingleton<PassageSearcher>();
        return services;
    }
}
