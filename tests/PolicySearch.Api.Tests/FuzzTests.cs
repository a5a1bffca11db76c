using System.Diagnostics;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace PolicySearch.Api.Tests;

/// <summary>
/// Random and boundary values in every field of every endpoint, a bounded number of requests with a fixed seed:
/// nothing is ever a 5xx, and every refusal is a ProblemDetails. (Latency and memory are reported, and measured by
/// `load`; they are not asserted here.)
/// </summary>
public sealed class FuzzTests(ApiFactory factory, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private static readonly string[] Texts =
    [
        "", " ", "海洋", "浒苔 打捞", "2024年计划推进多少个海洋重点项目？", "\"", "'", "\\", "<script>alert(1)</script>", "../../etc/passwd",
        "%00", "\u0000", "\uFFFF", "\uD800", "AND OR NOT", "title:海洋~2^5 *?[", "((((", new string('海', 500), new string('海', 501),
        new string('x', 5000), "😀🌊", "null", "-1", "1e309", "２０２４", "鏡像轉載", "的", "ｘ", "\t\n\r",
    ];

    private static readonly string[] Numbers =
    [
        "", "0", "1", "-1", "2", "10", "100", "101", "1000", "1001", "1899", "1900", "2024", "2100", "2101", "2147483647", "-2147483648",
        "2147483648", "99999999999999999999", "1.5", "abc", "1e3", "0x10", " 5", "NaN", "null", "[1]", "%20",
    ];

    private static readonly string[] Modes = ["", "bm25", "dense", "hybrid", "HYBRID", "rrf", "x", new string('m', 300)];

    [Fact]
    public async Task EveryEndpoint_RandomAndBoundaryValues_NeverA5xx()
    {
        var client = await factory.ReadyClientAsync();
        var random = new Random(20261203);
        string Pick(string[] values) => values[random.Next(values.Length)];
        string Query(string name, string[] values) => random.Next(3) == 0 ? "" : $"&{name}={Uri.EscapeDataString(Pick(values))}";
        string JsonValue(string[] numbers) => random.Next(5) switch
        {
            0 => "null",
            1 => System.Text.Json.JsonSerializer.Serialize(Pick(Texts)),
            2 => Pick(numbers) is var n && double.TryParse(n, out _) ? n : "\"" + n.Replace("\"", "") + "\"",
            3 => "[" + Pick(Numbers).Replace("\"", "") + "]",
            _ => "{}",
        };

        var requests = new List<Func<HttpRequestMessage>>();
        for (var i = 0; i < 150; i++)
        {
            var url = "/api/search?" + Query("q", Texts) + Query("year", Numbers) + Query("from", Numbers) + Query("to", Numbers) +
                Query("agency", Texts) + Query("type", Texts) + Query("mode", Modes) + Query("page", Numbers) + Query("size", Numbers);
            requests.Add(() => new HttpRequestMessage(HttpMethod.Get, url));
        }
        for (var i = 0; i < 80; i++)
        {
            var fields = new[] { "question", "year", "from", "to", "agency", "type" }.Where(_ => random.Next(4) > 0)
                .Select(f => $"\"{f}\":{(f is "question" or "agency" or "type" && random.Next(3) > 0 ? System.Text.Json.JsonSerializer.Serialize(Pick(Texts)) : JsonValue(Numbers))}");
            var body = "{" + string.Join(",", fields) + "}";
            if (random.Next(8) == 0) body = body[..random.Next(body.Length)];
            requests.Add(() => new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
        for (var i = 0; i < 40; i++)
        {
            var years = random.Next(4) switch
            {
                0 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 25)).Select(_ => random.Next(1890, 2110))) + "]",
                1 => JsonValue(Numbers),
                2 => "[2022,2023,2024]",
                _ => "\"2023\"",
            };
            var body = $"{{\"question\":{JsonValue(Numbers).Replace("{}", "\"海洋生产总值是多少？\"")},\"years\":{years},\"chart\":{(random.Next(2) == 0 ? "true" : "\"yes\"")},\"agency\":{System.Text.Json.JsonSerializer.Serialize(Pick(Texts))}}}";
            requests.Add(() => new HttpRequestMessage(HttpMethod.Post, "/api/compare") { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
        // (A NUL in the path is refused by the in-process test server itself before the app; Kestrel answers it 400.)
        foreach (var id in Texts.Where(t => !t.Contains('\0')).Concat(["0123456789abcdef", "ffffffffffffffff", "FFFFFFFFFFFFFFFF", new string('a', 16), "%2e%2e%2fetc"]))
        {
            requests.Add(() => new HttpRequestMessage(HttpMethod.Get, "/api/documents/" + Uri.EscapeDataString(id)));
            requests.Add(() => new HttpRequestMessage(HttpMethod.Delete, "/api/admin/documents/" + Uri.EscapeDataString(id)));
        }
        foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "" })
        {
            requests.Add(() => new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = new StringContent("question=海洋", Encoding.UTF8, type.Length == 0 ? null : type) });
        }

        var slowest = TimeSpan.Zero;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var statuses = new Dictionary<HttpStatusCode, int>();
        foreach (var make in requests)
        {
            using var request = make();
            var description = $"{request.Method} {request.RequestUri} {(request.Content is null ? "" : await request.Content.ReadAsStringAsync())}";
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {description}: {await response.Content.ReadAsStringAsync()}");
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound && (int)response.StatusCode != 405)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        var heapGrowth = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1048576.0;
        output.WriteLine($"{requests.Count} requests: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}"))}; " +
            $"slowest {slowest.TotalMilliseconds:F0} ms; managed heap {heapGrowth:+0.0;-0.0} MiB");
    }
}
