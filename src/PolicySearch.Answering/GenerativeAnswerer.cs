using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Answers with a chat model (Semantic Kernel over any OpenAI-compatible endpoint) from numbered sources, then
/// checks the answer (<see cref="CitationChecker"/>). Returns null with a reason whenever the answer cannot be
/// trusted — the caller then answers extractively.
/// </summary>
public sealed class GenerativeAnswerer
{
    public const string Mode = "generative";
    public const string HttpClientName = "chat";
    private static readonly string PromptTemplate = LoadPrompt();

    private readonly IChatCompletionService _chat;
    private readonly ChatOptions _options;
    private readonly ILogger<GenerativeAnswerer> _logger;

    public GenerativeAnswerer(IOptions<AnsweringOptions> options, IHttpClientFactory httpClients, ILoggerFactory loggers)
    {
        _options = options.Value.Chat;
        _logger = loggers.CreateLogger<GenerativeAnswerer>();
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(_options.Endpoint!),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            // Retries and timeouts belong to the HTTP client's resilience handler, not to a second layer here.
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds * (_options.Retries + 1) + 5),
        };
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(_options.ApiKey) ? "unused" : _options.ApiKey), clientOptions);
        _chat = new OpenAIChatCompletionService(_options.Model!, client, loggers);
    }

    public string ModelId => _options.Model!;

    public async Task<(Answer? Answer, string? Failure)> TryAnswerAsync(string question, IReadOnlyList<SearchHit> passages, CancellationToken cancellationToken)
    {
        var sources = passages.Take(_options.Sources).ToList();
        if (sources.Count == 0) return (null, "no passages to answer from");
        var history = new ChatHistory();
        history.AddUserMessage(Prompt(question, sources));
        string reply;
        try
        {
            var settings = new OpenAIPromptExecutionSettings { Temperature = 0, MaxTokens = 400 };
            var message = await _chat.GetChatMessageContentAsync(history, settings, cancellationToken: cancellationToken);
            reply = message.Content?.Trim() ?? "";
        }
        catch (Exception ex) when (ex is HttpOperationException or ClientResultException or HttpRequestException or TaskCanceledException or TimeoutException
                                       or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Chat model {Model} failed ({Error}); answering extractively", _options.Model, ex.GetType().Name);
            return (null, $"the chat model did not answer ({ex.GetType().Name})");
        }
        if (reply.Length == 0) return (null, "the chat model gave an empty answer");
        if (IsNotFound(reply)) return (new Answer(question, ExtractiveAnswerer.NotFound, true, Mode, [], passages), null);
        var (checkedAnswer, failure) = CitationChecker.Check(reply, sources);
        if (checkedAnswer is null)
        {
            _logger.LogWarning("Chat model {Model} answer failed the citation check: {Failure}", _options.Model, failure);
            return (null, failure);
        }
        return (new Answer(question, checkedAnswer.Text, false, Mode, checkedAnswer.Citations, passages), null);
    }

    private static bool IsNotFound(string reply) =>
        reply.Contains("未找到", StringComparison.Ordinal) && !reply.Contains('[', StringComparison.Ordinal);

    internal static string Prompt(string question, IReadOnlyList<SearchHit> sources)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            text.Append('[').Append(i + 1).Append("] ").Append(s.Title).Append('（').Append(s.Date).Append("）\n")
                .Append(s.Text.Trim()).Append("\n\n");
        }
        return PromptTemplate.Replace("{{sources}}", text.ToString().TrimEnd()).Replace("{{question}}", question);
    }

    private static string LoadPrompt()
    {
        using var stream = typeof(GenerativeAnswerer).Assembly.GetManifestResourceStream("PolicySearch.Answering.Prompts.answer.txt")
            ?? throw new InvalidOperationException("The answer prompt resource is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
