using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

public static class AnsweringServiceCollectionExtensions
{
    public static IServiceCollection AddAnswering(this IServiceCollection services)
    {
        services.AddRetrieval();
        services.AddOptions<AnsweringOptions>().BindConfiguration(AnsweringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExtractiveAnswerer>();
        return services;
    }
}
