#if FAKE_OPENAI
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PolicySearch.Tests;

/// <summary>
/// A local HTTP server speaking the OpenAI protocol (POST /v1/embeddings and /v1/chat/completions), standing in
/// for Ollama or vLLM. Its embeddings are a deterministic bag of characters hashed into 64 dimensions, so similar
/// texts get similar vectors; its chat model answers with <see cref="ChatReply"/> given the user's prompt.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const int Dimensions = 64;
    private readonly WebApplication _app;
    private int _failuresLeft;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests answered so far, failures included.</summary>
    public int Requests;

    /// <summary>The next N requests fail with 503.</summary>
    public void FailNext(int count) => _failuresLeft = count;

    /// <summary>Delay before each answer (to test timeouts).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The chat model: the reply to a prompt.</summary>
    public Func<string, string> ChatReply { get; set; } = _ => "未找到";

    /// <summary>The prompts the chat model was sent.</summary>
    public List<string> Prompts { get; } = [];

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/embeddings", (Delegate)server.Embeddings);
        app.MapPost("/v1/chat/completions", (Delegate)server.Chat);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    private async Task<IResult> Embeddings(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, context.RequestAborted);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0) return Results.StatusCode(503);
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var input = body!["input"];
        var texts = input is JsonArray array ? array.Select(x => x!.ToString()).ToList() : [input!.ToString()];
        var base64 = body["encoding_format"]?.ToString() == "base64";
        var data = texts.Select((t, i) =>
        {
            var vector = Embed(t);
            object embedding = base64 ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()).ToArray()) : vector;
            return new { @object = "embedding", index = i, embedding };
        }).ToList();
        return Results.Json(new { @object = "list", data, model = body["model"]!.ToString(), usage = new { prompt_tokens = 1, total_tokens = 1 } });
    }

    private async Task<IResult> Chat(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, context.RequestAborted);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0) return Results.StatusCode(503);
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var prompt = string.Join("\n", body!["messages"]!.AsArray().Where(m => m!["role"]!.ToString() == "user").Select(m => m!["content"]!.ToString()));
        lock (Prompts) Prompts.Add(prompt);
        var reply = ChatReply(prompt);
        return Results.Json(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = body["model"]!.ToString(),
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply }, finish_reason = "stop" } },
            usage = new { prompt_tokens = prompt.Length, completion_tokens = reply.Length, total_tokens = prompt.Length + reply.Length },
        });
    }

    public static float[] Embed(string text)
    {
        var v = new float[Dimensions];
        foreach (var c in text.Where(char.IsLetterOrDigit)) v[(c * 2654435761u >> 7) % Dimensions] += 1;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        if (norm > 0) for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
#endif
