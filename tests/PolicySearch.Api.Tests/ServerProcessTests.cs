using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Api.Tests;

/// <summary>The API as an operator runs it: its own process on Kestrel, as a user the index folder does not let write.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private const string AdminKey = "server-process-key-2b7e";
    private readonly TempFolder _temp = new("policysearch-server-");

    public void Dispose() => _temp.Dispose();

    private static string ApiDll => RunningServer.ApiDll;

    private static int FreePort() => RunningServer.FreePort();

    [Fact]
    public async Task ReadOnlyIndex_HealthIsDegradedWithTheReason_SearchStillAnswers_AdminIngestIs503()
    {
        var seeds = _temp.Sub("seeds");
        var indexPath = _temp.Sub("index");
        foreach (var f in new[] { "a05-qd-2020-sanmin-hutai.txt", "a06-qd-2021-work-conference.txt" }) File.Copy(TestPaths.SeedFile(f), Path.Combine(seeds, f));
        using (var index = new PolicyIndex(indexPath))
        {
            await new IngestionPipeline(index, Options.Create(new IngestionOptions())).RunAsync(seeds);
        }

        using var readOnly = Unprivileged.ReadOnly(indexPath);
        var port = FreePort();
        var info = Unprivileged.StartInfo("dotnet", [ApiDll, "--urls", $"http://127.0.0.1:{port}", $"--Paths:Seeds={seeds}", $"--Paths:Index={indexPath}",
            $"--Security:AdminKey={AdminKey}", "--Ingestion:WatchSeeds=false", "--Embeddings:Provider=none"]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var server = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            JsonObject? health = null;
            HttpResponseMessage? response = null;
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !server.HasExited; await Task.Delay(250))
            {
                try
                {
                    response = await client.GetAsync("/health");
                    health = await response.Content.ReadFromJsonAsync<JsonObject>();
                    if (health?["firstIngestDone"]?.GetValue<bool>() == true) break;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
            }
            Assert.True(health?["firstIngestDone"]?.GetValue<bool>() == true, "the server did not finish its first ingest: " + output);

            Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
            Assert.Equal("degraded", health!["status"]!.ToString());
            Assert.Contains("cannot be written", health["lastIngestError"]!.ToString());
            Assert.False(response.Headers.Contains("Server"));

            var search = (await client.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("三民 浒苔")))!;
            Assert.NotEmpty(search["results"]!.AsArray());

            var ingest = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ingest");
            ingest.Headers.Add("X-Api-Key", AdminKey);
            var refused = await client.SendAsync(ingest);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("The index cannot be written", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.ToString());
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
