using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PolicySearch.Cli;

/// <summary>
/// load: many clients at once against a running API over real HTTP (loopback), reporting throughput, p50/p99 and
/// errors for search and ask; --soak also samples the server's memory from /health over a long mixed run.
/// Start the API with --Security:RequestsPerMinutePerClient=0, or the rate limiter answers 429 (counted as errors).
/// </summary>
public static class LoadCommand
{
    private static readonly string[] DefaultQuestions =
    [
        "2024年计划推进多少个海洋重点项目？", "浒苔 打捞", "海洋生产总值", "伏季休渔什么时候开始？", "海洋牧场示范区有多少处？",
        "2023年新签约项目多少个？", "海洋人才政策", "威海海洋生产总值目标", "国信1号养殖工船", "海洋经济统计公报",
    ];

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The API's base URL", DefaultValueFactory = _ => "http://localhost:5000" };
        var clients = new Option<string>("--clients") { Description = "Concurrent clients, e.g. 1,8,32", DefaultValueFactory = _ => "1,8,32" };
        var seconds = new Option<int>("--seconds") { Description = "Duration of each run", DefaultValueFactory = _ => 10 };
        var qa = new Option<string?>("--qa") { Description = "Questions to send (qa-dev.jsonl format); default: a built-in list" };
        var what = new Option<string>("--what") { Description = "search, ask, chat (the OpenAI-compatible door), comma-separated", DefaultValueFactory = _ => "search,ask" };
        var soak = new Option<int>("--soak") { Description = "Instead: a mixed run of this many minutes at the largest client count, sampling server memory" };
        var command = new Command("load", "Load test a running API: throughput and p50/p99 at 1, 8 and 32 clients") { url, clients, seconds, qa, what, soak };
        command.SetAction(async (parse, ct) =>
        {
            var questions = parse.GetValue(qa) is { } file
                ? File.ReadLines(file).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!["question"]!.ToString()).ToArray()
                : DefaultQuestions;
            var levels = parse.GetValue(clients)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = new Uri(parse.GetValue(url)!),
                Timeout = TimeSpan.FromSeconds(30),
            };
            try
            {
                (await http.GetAsync("/health", ct)).EnsureSuccessStatusCode();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return SearchCommand.Fail($"the API at {http.BaseAddress} does not answer /health ({ex.Message}); start it first");
            }
            if (parse.GetValue(soak) is > 0 and var minutes) return await Soak(http, questions, levels.Max(), TimeSpan.FromMinutes(minutes), ct);
            Console.WriteLine($"{"what",-7}{"clients",8}{"requests",10}{"req/s",9}{"p50 ms",9}{"p99 ms",9}{"errors",8}");
            var failed = false;
            foreach (var kind in parse.GetValue(what)!.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var n in levels)
                {
                    var result = await Run(http, kind, questions, n, TimeSpan.FromSeconds(parse.GetValue(seconds)), ct);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{kind,-7}{n,8}{result.Times.Count,10}{result.Times.Count / result.Seconds,9:F1}{Percentile(result.Times, 0.5),9:F1}{Percentile(result.Times, 0.99),9:F1}{result.Errors,8}"));
                    failed |= result.Errors > 0;
                }
            }
            return failed ? 1 : 0;
        });
        return command;
    }

    private sealed record RunResult(List<double> Times, int Errors, double Seconds);

    private static async Task<RunResult> Run(HttpClient http, string kind, string[] questions, int clients, TimeSpan duration, CancellationToken ct)
    {
        var times = new List<double>();
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var q = questions[(Interlocked.Increment(ref next) & int.MaxValue) % questions.Length];
                var started = Stopwatch.GetTimestamp();
                var ok = await Send(http, kind, q, ct);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (times)
                {
                    if (ok) times.Add(ms);
                    else errors++;
                }
            }
        }));
        times.Sort();
        return new RunResult(times, errors, clock.Elapsed.TotalSeconds);
    }

    private static async Task<bool> Send(HttpClient http, string kind, string question, CancellationToken ct)
    {
        try
        {
            using var response = kind switch
            {
                "ask" => await http.PostAsJsonAsync("/api/ask", new { question }, ct),
                // The OpenAI-compatible door asking the same: its overhead over /api/ask.
                "chat" => await http.PostAsJsonAsync("/v1/chat/completions", new { model = "policysearch", messages = new[] { new { role = "user", content = question } } }, ct),
                _ => await http.GetAsync("/api/search?size=10&q=" + Uri.EscapeDataString(question), ct),
            };
            await response.Content.ReadAsByteArrayAsync(ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<int> Soak(HttpClient http, string[] questions, int clients, TimeSpan duration, CancellationToken ct)
    {
        Console.WriteLine($"soak: {clients} clients, search and ask alternating, {duration.TotalMinutes:F0} minutes; server memory every 30 s");
        Console.WriteLine($"{"minute",7}{"requests",10}{"p50 ms",9}{"p99 ms",9}{"errors",8}{"working set MiB",17}{"managed heap MiB",18}");
        var clock = Stopwatch.StartNew();
        var totalErrors = 0;
        while (clock.Elapsed < duration && !ct.IsCancellationRequested)
        {
            var slice = TimeSpan.FromSeconds(Math.Min(30, (duration - clock.Elapsed).TotalSeconds));
            var search = Run(http, "search", questions, clients / 2 + 1, slice, ct);
            var ask = Run(http, "ask", questions, Math.Max(1, clients / 2), slice, ct);
            var results = await Task.WhenAll(search, ask);
            var times = results.SelectMany(r => r.Times).Order().ToList();
            var errors = results.Sum(r => r.Errors);
            totalErrors += errors;
            var health = await http.GetFromJsonAsync<JsonObject>("/health", ct);
            var process = health?["process"];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clock.Elapsed.TotalMinutes,7:F1}{times.Count,10}{Percentile(times, 0.5),9:F1}{Percentile(times, 0.99),9:F1}{errors,8}{process?["workingSetMiB"],17}{process?["managedHeapMiB"],18}"));
        }
        return totalErrors == 0 ? 0 : 1;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(p * sorted.Count) - 1))];
}
