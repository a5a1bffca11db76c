using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

/// <summary>
/// The OpenAI-compatible door: GET /v1/models and POST /v1/chat/completions (stream false or true), so that chat front
/// ends built on the OpenAI SDKs ask PolicySearch as they would a model. The last user message is the question, the
/// earlier user messages (each with the assistant's reply after it) its history; filters come as `metadata` or extra
/// body fields (year, from, to, agency, type, status). The reply is the answer with its [n] markers and a sources list;
/// the citations as data in a top-level `citations` array. Errors take the OpenAI error shape.
/// </summary>
public static class ChatApi
{
    public const string ModelId = "policysearch";

    public static void MapChatApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("OpenAI-compatible");
        group.MapGet("/models", () => Results.Json(new
        {
            @object = "list",
            data = new[] { new { id = ModelId, @object = "model", created = Created, owned_by = "policysearch" } },
        })).WithSummary("The one model this server answers as: policysearch");
        group.MapPost("/chat/completions", CompleteAsync)
            .WithSummary("OpenAI chat completions: the last user message answered from the documents, with citations");
    }

    /// <summary>When the model "was created": a fixed time, so that listings do not change between calls.</summary>
    private static readonly long Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static async Task CompleteAsync(HttpContext context, AnswerService answerer, CancellationToken cancellationToken)
    {
        JsonObject body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: cancellationToken)
                   ?? throw new JsonException("the body is empty");
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, $"The body is not a JSON object: {ex.Message}", null);
            return;
        }
        if (Read(body) is not { } request)
        {
            await ErrorAsync(context, "messages must hold a user message with text, as a string or text parts, after any earlier turns.", "messages");
            return;
        }
        if (request.Error is { } error)
        {
            await ErrorAsync(context, error.Message, error.Param);
            return;
        }
        var answer = await answerer.AskAsync(request.Ask!, cancellationToken);
        var content = Content(answer);
        var id = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var promptTokens = request.Ask!.Question.Length + request.Ask.History.Sum(t => t.Question.Length + (t.Answer?.Length ?? 0));
        var usage = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = content.Length, ["total_tokens"] = promptTokens + content.Length };
        var citations = JsonSerializer.SerializeToNode(answer.Citations, Json);
        var about = new JsonObject
        {
            ["mode"] = answer.Mode, ["abstained"] = answer.Abstained, ["confidence"] = answer.Confidence,
            ["resolvedQuestion"] = answer.ResolvedQuestion, ["fallback"] = answer.Fallback,
        };
        if (!request.Stream)
        {
            await Results.Json(new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = ModelId,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = usage,
                ["citations"] = citations,
                ["policysearch"] = about,
            }, Json).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = ModelId,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        await SendAsync(context, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null), cancellationToken);
        // The answer in pieces of a few characters, as a model streams its tokens.
        foreach (var piece in Pieces(content, 16))
        {
            await SendAsync(context, Chunk(new JsonObject { ["content"] = piece }, null), cancellationToken);
        }
        var last = Chunk(new JsonObject(), "stop");
        last["usage"] = usage;
        last["citations"] = citations;
        last["policysearch"] = about;
        await SendAsync(context, last, cancellationToken);
        await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private static readonly JsonSerializerOptions Json = PolicyJson.Options;

    private static async Task SendAsync(HttpContext context, JsonObject chunk, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync("data: " + chunk.ToJsonString(Json) + "\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static IEnumerable<string> Pieces(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size) yield return text.Substring(i, Math.Min(size, text.Length - i));
    }

    /// <summary>The answer with its [n] markers, then its sources: [n] title (date), the quote.</summary>
    public static string Content(Answer answer)
    {
        if (answer.Citations.Count == 0) return answer.AnswerText;
        var text = new StringBuilder(answer.AnswerText).Append("\n\n来源：");
        foreach (var c in answer.Citations)
        {
            text.Append($"\n[{c.N}] {c.Title}（{c.Date}{(c.Page is { } page ? $"，第{page}页" : "")}）：“{c.Quote}”");
        }
        return text.ToString();
    }

    private sealed record ChatRequest(AskRequest? Ask, bool Stream, (string Message, string? Param)? Error = null);

    /// <summary>The question, its history and filters from a chat-completions body; null when it has no user message to answer.</summary>
    private static ChatRequest? Read(JsonObject body)
    {
        if (body["messages"] is not JsonArray messages) return null;
        var turns = new List<(string Role, string Text)>();
        foreach (var message in messages)
        {
            if (message is not JsonObject m || m["role"]?.GetValueKind() != JsonValueKind.String) return null;
            var role = m["role"]!.GetValue<string>();
            if (Text(m["content"]) is not { } text) return null;
            turns.Add((role, text));
        }
        var lastUser = turns.FindLastIndex(t => t.Role == "user");
        if (lastUser < 0 || string.IsNullOrWhiteSpace(turns[lastUser].Text)) return null;
        var question = turns[lastUser].Text.Trim();
        var stream = body["stream"]?.GetValueKind() == JsonValueKind.True;
        if (question.Length > SearchApi.MaxQueryLength)
        {
            return new ChatRequest(null, stream, ($"The question is longer than {SearchApi.MaxQueryLength} characters.", "messages"));
        }
        // Each earlier user message is a turn; the assistant's reply after it, its answer.
        var history = new List<Turn>();
        for (var i = 0; i < lastUser; i++)
        {
            if (turns[i].Role != "user" || string.IsNullOrWhiteSpace(turns[i].Text)) continue;
            var reply = i + 1 < lastUser && turns[i + 1].Role == "assistant" ? turns[i + 1].Text : null;
            history.Add(new Turn(Truncate(turns[i].Text.Trim(), SearchApi.MaxQueryLength), reply is null ? null : Truncate(reply, AskApi.MaxHistoryAnswerLength)));
        }
        history = history.TakeLast(AskApi.MaxHistoryTurns).ToList();
        var filters = body["metadata"] as JsonObject;
        int? Year(string name)
        {
            var node = body[name] ?? filters?[name];
            return node is JsonValue v && (v.TryGetValue<int>(out var n) || (v.TryGetValue<string>(out var s) && int.TryParse(s, out n))) ? n : null;
        }
        string? Field(string name) => (body[name] ?? filters?[name]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var errors = new Dictionary<string, string[]>();
        foreach (var name in new[] { "year", "from", "to" })
        {
            // Given but not a whole number (year=abc): named, as /api/search names it, rather than ignored.
            if ((body[name] ?? filters?[name]) is not null && Year(name) is null) errors[name] = [$"{name} must be a year, e.g. 2024."];
            else SearchApi.ValidateYear(errors, name, Year(name));
        }
        SearchApi.ValidateFilterText(errors, Field("agency"), Field("type"));
        SearchApi.ValidateLifecycle(errors, Field("status"), null);
        if (errors.Count > 0)
        {
            var (param, message) = errors.First();
            return new ChatRequest(null, stream, (message[0], param));
        }
        var ask = new AskRequest(question, new SearchFilters(Year("year"), Year("from"), Year("to"), Field("agency"), Field("type"), Field("status")?.Trim())) { History = history };
        return new ChatRequest(ask, stream);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>A message's text: a string, or the text parts of a content array.</summary>
    private static string? Text(JsonNode? content) => content switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.OfType<JsonObject>().Where(p => p["type"]?.ToString() == "text").Select(p => p["text"]?.ToString())),
        null => "",
        _ => null,
    };

    /// <summary>An error as the OpenAI API writes one: {"error":{"message","type","param","code"}}.</summary>
    private static Task ErrorAsync(HttpContext context, string message, string? param, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error = new { message, type = "invalid_request_error", param, code = (string?)null } }, statusCode: status).ExecuteAsync(context);
}
