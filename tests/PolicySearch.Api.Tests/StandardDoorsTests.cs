using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PolicySearch.Tests;

namespace PolicySearch.Api.Tests;

/// <summary>
/// The standard doors tried with clients nobody here wrote: the official `openai` npm package (installed by .ci/test
/// into tests/clients) against the API running in its own process on Kestrel.
/// </summary>
public sealed class StandardDoorsTests : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-doors-");

    public void Dispose() => _temp.Dispose();

    private static string ClientsFolder => Path.Combine(TestPaths.RepoRoot, "tests", "clients");

    [Fact]
    public async Task OpenAiClient_ListsTheModel_AsksAndStreamsAFollowUp_AndIsRefusedInItsOwnShape()
    {
        Assert.True(Directory.Exists(Path.Combine(ClientsFolder, "node_modules", "openai")),
            "the official openai client is not installed: run the README's test command (bash .ci/test), which runs npm ci in tests/clients");
        var seeds = _temp.Sub("seeds");
        foreach (var f in new[] { "000_53baf1169bf9d7be.txt", "b01-qd-2023-work-conference.txt" }) File.Copy(TestPaths.SeedFile(f), Path.Combine(seeds, f));
        await using var server = await RunningServer.StartAsync(seeds, _temp.Sub("index"));

        var result = await RunClientAsync(server.Output, "openai-client.mjs", server.BaseUrl, "2024年计划推进多少个海洋重点项目？", "2023年呢？");

        Assert.Equal(["policysearch"], result["models"]!.AsArray().Select(m => m!.ToString()));
        // Not streamed: the answer with its [n] marker and the sources, the citations as data, the usage counted.
        var first = result["first"]!;
        Assert.Contains("140", first["content"]!.ToString());
        Assert.Contains("[1]", first["content"]!.ToString());
        Assert.Contains("来源：", first["content"]!.ToString());
        Assert.Equal("stop", first["finish"]!.ToString());
        Assert.Equal("000_53baf1169bf9d7be.txt", first["citations"]![0]!["file"]!.ToString());
        Assert.True(first["usage"]!["total_tokens"]!.GetValue<int>() > 0);
        Assert.Equal("extractive", first["about"]!["mode"]!.ToString());
        // The same question streamed comes to the same answer.
        Assert.True(result["streamedEqualsFirst"]!.GetValue<bool>());
        // Streamed in pieces, then the final chunk with the citations; the follow-up read against the first turn.
        Assert.True(result["chunks"]!.GetValue<int>() >= 3, $"{result["chunks"]} chunks");
        Assert.Equal("stop", result["last"]!["finish"]!.ToString());
        Assert.Equal("2023年计划推进多少个海洋重点项目？", result["last"]!["about"]!["resolvedQuestion"]!.ToString());
        Assert.NotEmpty(result["last"]!["citations"]!.AsArray());
        Assert.Contains("[1]", result["streamed"]!.ToString());
        // No user message: refused as the OpenAI API refuses, a 400 naming the parameter.
        Assert.Equal(400, result["refused"]!["status"]!.GetValue<int>());
        Assert.Equal("messages", result["refused"]!["param"]!.ToString());
    }

    [Fact]
    public async Task McpClient_ListsAndCallsEveryTool_OverHttp_AndOverTheCliStdio()
    {
        Assert.True(Directory.Exists(Path.Combine(ClientsFolder, "node_modules", "@modelcontextprotocol", "sdk")),
            "the official MCP client is not installed: run the README's test command (bash .ci/test), which runs npm ci in tests/clients");
        var seeds = _temp.Sub("seeds");
        foreach (var f in new[] { "000_53baf1169bf9d7be.txt", "b01-qd-2023-work-conference.txt" }) File.Copy(TestPaths.SeedFile(f), Path.Combine(seeds, f));
        var index = _temp.Sub("index");
        JsonNode overHttp;
        await using (var server = await RunningServer.StartAsync(seeds, index))
        {
            overHttp = await RunClientAsync(server.Output, "mcp-client.mjs", "http", server.BaseUrl);
        }
        // The CLI serves the same tools over stdio, from the index the server built (the client passes its stderr on).
        var cli = Path.Combine(Path.GetDirectoryName(RunningServer.ApiDll)!.Replace("PolicySearch.Api", "PolicySearch.Cli"), "policysearch.dll");
        var overStdio = await RunClientAsync("", "mcp-client.mjs", "stdio", "dotnet", cli, "mcp", "--index", index, "--Embeddings:Provider=none");

        foreach (var result in new[] { overHttp, overStdio })
        {
            var tools = result["tools"]!.AsArray();
            Assert.Equal(["ask", "compare_years", "get_document", "search_policies"], tools.Select(t => t!["name"]!.ToString()).Order());
            // Descriptions in Chinese and English, so that an agent picks the right one.
            Assert.All(tools, t => Assert.Matches(@"[\u4e00-\u9fff].*[A-Za-z]{4}", t!["description"]!.ToString()));
            Assert.Contains("query", tools.Single(t => t!["name"]!.ToString() == "search_policies")!["required"]!.AsArray().Select(r => r!.ToString()));

            Assert.False(result["search"]!["isError"]!.GetValue<bool>());
            Assert.NotEmpty(result["search"]!["json"]!["results"]!.AsArray());
            Assert.Contains("140", result["ask"]!["json"]!["answer"]!.ToString());
            Assert.Equal("000_53baf1169bf9d7be.txt", result["ask"]!["json"]!["citations"]![0]!["file"]!.ToString());
            Assert.Equal("2023年计划推进多少个海洋重点项目？", result["followUp"]!["json"]!["resolvedQuestion"]!.ToString());
            Assert.Equal([2023, 2024], result["compare"]!["json"]!["years"]!.AsArray().Select(y => y!["year"]!.GetValue<int>()));
            Assert.False(result["document"]!["isError"]!.GetValue<bool>(), result["document"]!["text"]!.ToString());
            Assert.Equal(0, result["document"]!["json"]!["passage"]!["ordinal"]!.GetValue<int>());
            // An empty query is the tool's error, naming it, not a crash of the server.
            Assert.True(result["refused"]!["isError"]!.GetValue<bool>());
            Assert.Contains("query", result["refused"]!["text"]!.ToString());
        }
    }

    /// <summary>Runs a client script of tests/clients with node and returns the JSON it printed.</summary>
    private static async Task<JsonNode> RunClientAsync(string serverOutput, string script, params string[] arguments)
    {
        var node = new ProcessStartInfo("node", [Path.Combine(ClientsFolder, script), .. arguments])
        {
            WorkingDirectory = ClientsFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var run = Process.Start(node)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        if (!run.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            run.Kill(entireProcessTree: true);
            Assert.Fail($"{script} did not finish in 90 s: {await stderr}");
        }
        Assert.True(run.ExitCode == 0, $"{script} {string.Join(' ', arguments)}: {await stderr}\n{serverOutput}");
        return JsonNode.Parse(await stdout)!;
    }
}

/// <summary>The built API in its own process on Kestrel, on a free loopback port, until disposed.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private RunningServer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>What the server printed so far (for a failing assertion's message).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static string ApiDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(TestPaths.RepoRoot, "src", "PolicySearch.Api", "bin", configuration, "net10.0", "PolicySearch.Api.dll");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the API over these folders and waits until its first ingest is done.</summary>
    public static Task<RunningServer> StartAsync(string seeds, string index, params string[] settings)
    {
        var port = FreePort();
        return LaunchAsync(new ProcessStartInfo("dotnet", [ApiDll, "--urls", $"http://127.0.0.1:{port}", $"--Paths:Seeds={seeds}", $"--Paths:Index={index}",
            "--Ingestion:WatchSeeds=false", "--Security:RequestsPerMinutePerClient=0", .. settings]), $"http://127.0.0.1:{port}");
    }

    /// <summary>Starts a server program (the API, or a bundle's) listening at <paramref name="baseUrl"/> and waits until its first ingest is done.</summary>
    public static async Task<RunningServer> LaunchAsync(ProcessStartInfo info, string baseUrl)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var server = new RunningServer(Process.Start(info)!, baseUrl);
        server._process.OutputDataReceived += (_, e) => { lock (server._output) server._output.AppendLine(e.Data); };
        server._process.ErrorDataReceived += (_, e) => { lock (server._output) server._output.AppendLine(e.Data); };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && !server._process.HasExited; await Task.Delay(250))
        {
            try
            {
                // 503 while starting: its body says so.
                var health = await (await client.GetAsync("/health")).Content.ReadFromJsonAsync<JsonObject>();
                if (health?["firstIngestDone"]?.GetValue<bool>() == true) return server;
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
            {
                // not listening yet
            }
        }
        await server.DisposeAsync();
        throw new InvalidOperationException("the server did not finish its first ingest: " + server.Output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
