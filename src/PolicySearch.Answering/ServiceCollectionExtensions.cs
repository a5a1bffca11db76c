using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

public static class AnsweringServiceCollectionExtensions
{
    public static IServiceCollection AddAnswering(this IServiceCollection services)
    {
        services.AddRetrieval();
        services.AddOptions<AnsweringOptions>().BindConfiguration(AnsweringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AnsweringOptions>>().Value;
            if (o.Reader != "model") return null!;
            return (o.ReaderModel is { Length: > 0 } file ? Reader.SpanReader.LoadFiles(RepositoryRoot.Resolve(file)) : Reader.SpanReader.LoadShipped())!;
        });
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddHttpClient(GenerativeAnswerer.HttpClientName).AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions o, IServiceProvider sp) =>
        {
            var chat = sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.Chat;
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(chat.TimeoutSeconds);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(chat.TimeoutSeconds * (chat.Retries + 1) + 1);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(chat.TimeoutSeconds * 2, 30));
            o.Retry.MaxRetryAttempts = Math.Max(1, chat.Retries);
            if (chat.Retries == 0) o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        });
        // No chat model configured: no generative answerer, extractive answers only.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.Chat.IsConfigured
            ? new GenerativeAnswerer(sp.GetRequiredService<IOptions<AnsweringOptions>>(), sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())
            : null!);
        services.AddSingleton<AnswerService>();
        services.AddSingleton<YearComparer>();
        return services;
    }
}
