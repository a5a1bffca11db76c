using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PolicySearch.Api.Tests;

/// <summary>An API with an admin key configured.</summary>
public sealed class ProtectedApiFactory : ApiFactory
{
    public const string AdminKey = "test-admin-key-7f3a";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Security:AdminKey"] = AdminKey };
}

/// <summary>An API with a small rate limit.</summary>
public sealed class RateLimitedApiFactory : ApiFactory
{
    public const int PerMinute = 40;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Security:RequestsPerMinutePerClient"] = PerMinute.ToString(),
    };
}

public sealed class RateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task RateLimit_TooManyRequests_Is429WithRetryAfter()
    {
        var client = await factory.ReadyClientAsync();
        HttpResponseMessage? limited = null;
        var windowOpened = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < RateLimitedApiFactory.PerMinute * 2 && limited is null; i++)
        {
            var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("海洋"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }
        Assert.NotNull(limited);
        Assert.True(limited!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);

        // Retry-After counts down the window that opened with the first request, not a fixed minute.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var later = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("海洋"));
        Assert.Equal(HttpStatusCode.TooManyRequests, later.StatusCode);
        var left = later.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.True(windowOpened.Elapsed.TotalSeconds >= 2.5);
        Assert.InRange(left, 1, 59);
        // The page itself and the health probe are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}

public sealed class AdminTests(ProtectedApiFactory factory) : IClassFixture<ProtectedApiFactory>
{
    private static HttpRequestMessage Admin(HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("test-admin-key-7f3")]
    public async Task AdminIngest_MissingOrWrongKey_Is401(string? key)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.SendAsync(Admin(HttpMethod.Post, "/api/admin/ingest", key));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdminDelete_WithKey_RemovesTheDocumentAndARescanDoesNotBringItBack()
    {
        var client = await factory.ReadyClientAsync();
        var hit = (await client.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("三民 浒苔") + "&size=1"))!["results"]![0]!;
        var id = hit["documentId"]!.ToString();
        var file = hit["file"]!.ToString();

        var deleted = await client.SendAsync(Admin(HttpMethod.Delete, $"/api/admin/documents/{id}", ProtectedApiFactory.AdminKey));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/documents/{id}")).StatusCode);
        Assert.True(File.Exists(Path.Combine(factory.SeedsPath, file)), "the file on disk is never touched");

        var ingest = await client.SendAsync(Admin(HttpMethod.Post, "/api/admin/ingest", ProtectedApiFactory.AdminKey));
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        var summary = (await ingest.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(summary["skipped"]!.AsArray(), s => s!["file"]!.ToString() == file && s["reason"]!.ToString().Contains("administrator"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/documents/{id}")).StatusCode);

        var unknown = await client.SendAsync(Admin(HttpMethod.Delete, "/api/admin/documents/..%2F..%2Fetc%2Fpasswd", ProtectedApiFactory.AdminKey));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

public sealed class ProtectionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Admin_NoKeyConfigured_RefusedForEveryone()
    {
        var client = await factory.ReadyClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ingest");
        request.Headers.Add("X-Api-Key", "");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/admin/documents/0123456789abcdef")).StatusCode);
    }

    [Fact]
    public async Task Body_LargerThan128KB_Is413_SmallerReachesValidation()
    {
        var client = await factory.ReadyClientAsync();
        var big = new StringContent("{\"question\":\"" + new string('a', 200 * 1024) + "\"}", System.Text.Encoding.UTF8, "application/json");
        var tooLarge = await client.PostAsync("/api/ask", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        var longQuestion = await client.PostAsJsonAsync("/api/ask", new { question = new string('海', 20000) });
        Assert.Equal(HttpStatusCode.BadRequest, longQuestion.StatusCode);
        Assert.Contains("question", await longQuestion.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cors_OtherOrigin_GetsNoAllowHeader()
    {
        var client = await factory.ReadyClientAsync();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/ask");
        preflight.Headers.Add("Origin", "http://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await client.SendAsync(preflight);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        var simple = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=" + Uri.EscapeDataString("海洋"));
        simple.Headers.Add("Origin", "http://elsewhere.example");
        Assert.False((await client.SendAsync(simple)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task RequestId_IsEchoedOrMade()
    {
        var client = await factory.ReadyClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=" + Uri.EscapeDataString("海洋"));
        request.Headers.Add("X-Request-Id", "trace-me-42");
        var response = await client.SendAsync(request);
        Assert.Equal("trace-me-42", response.Headers.GetValues("X-Request-Id").Single());

        var made = await client.GetAsync("/health");
        Assert.False(string.IsNullOrWhiteSpace(made.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public async Task Metrics_PrometheusScrape_HasRequestAndSearchMetrics()
    {
        var client = await factory.ReadyClientAsync();
        await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("浒苔"));
        string text = "";
        // The exporter collects on scrape; give the first scrape a moment to include the search.
        for (var i = 0; i < 20 && !text.Contains("policysearch_searches"); i++)
        {
            text = await client.GetStringAsync("/metrics");
            if (!text.Contains("policysearch_searches")) await Task.Delay(250);
        }
        Assert.Contains("policysearch_searches", text);
        Assert.Contains("http_server_request_duration", text);
        Assert.Contains("policysearch_ingest_runs", text);
    }
}
