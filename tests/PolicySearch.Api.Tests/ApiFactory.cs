using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using PolicySearch.Tests;

namespace PolicySearch.Api.Tests;

/// <summary>The real API over a temp copy of some seeds and a temp index; the worker ingests on start-up.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public static readonly string[] SeedFiles =
    [
        "000_53baf1169bf9d7be.txt",
        "a05-qd-2020-sanmin-hutai.txt",
        "a06-qd-2021-work-conference.txt",
        "a07-qd-2021-work-conference-repost.html",
        "a09-qd-2021-hutai-response.html",
        "a12-qd-2022-work-report-trad.html",
        "b01-qd-2023-work-conference.txt",
        "b13-qd-algae-emergency-plan-2024-interpretation.txt",
    ];

    private readonly TempFolder _temp = new("policysearch-api-");

    public ApiFactory()
    {
        SeedsPath = _temp.Sub("seeds");
        IndexPath = _temp.Sub("index");
        foreach (var f in SeedFiles) File.Copy(TestPaths.SeedFile(f), Path.Combine(SeedsPath, f));
    }

    public string SeedsPath { get; }

    /// <summary>Configuration on top of the test's folders (an admin key, a rate limit …).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();
    public string IndexPath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Paths:Seeds"] = SeedsPath,
            ["Paths:Index"] = IndexPath,
            ["Ingestion:DebounceSeconds"] = "0.2",
        };
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
    }

    /// <summary>Waits until the first ingest is done (the health endpoint says ok).</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode) return client;
            await Task.Delay(200);
        }
        throw new TimeoutException("The API did not become healthy within 60 s.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _temp.Dispose();
    }
}
