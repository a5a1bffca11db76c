using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace PolicySearch.Api.Tests;

/// <summary>The API as it runs on a server: the Production environment, with an admin key and a tight time budget for compare.</summary>
public sealed class ProductionApiFactory : ApiFactory
{
    public const string AdminKey = "prod-admin-key-51c9";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Security:AdminKey"] = AdminKey,
        ["Security:Diagnostics"] = "key",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>An API whose requests get one millisecond: every comparison runs past its budget.</summary>
public sealed class TightBudgetApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Security:RequestTimeoutSeconds"] = "0.001",
        ["Security:AdminKey"] = AdminKey,
    };

    public const string AdminKey = "budget-admin-key-0d4e";
}

public sealed class HardeningTests(ProductionApiFactory factory) : IClassFixture<ProductionApiFactory>
{
    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static void AssertNames(JsonObject problem, string field) =>
        Assert.True(problem["errors"]?[field] is not null, $"errors.{field} missing in {problem.ToJsonString()}");

    [Theory]
    [InlineData("page=1000000&size=100&mode=dense")]
    [InlineData("page=150000")]
    [InlineData("page=2147483647&size=10")]
    [InlineData("page=11&size=100")]
    public async Task Search_PageBeyondTheResultWindow_Is400NamingPage(string paging)
    {
        var client = await factory.ReadyClientAsync();
        var problem = await ProblemAsync(await client.GetAsync("/api/search?q=x&" + paging), HttpStatusCode.BadRequest);
        AssertNames(problem, "page");
    }

    [Fact]
    public async Task Search_DeepestPageOfTheWindow_IsServedWithItsRanks()
    {
        var client = await factory.ReadyClientAsync();
        var page = (await client.GetFromJsonAsync<JsonObject>("/api/search?q=" + Uri.EscapeDataString("海洋") + "&page=10&size=100"))!;
        Assert.All(page["results"]!.AsArray(), r => Assert.InRange(r!["rank"]!.GetValue<int>(), 901, 1000));
    }

    [Theory]
    [InlineData("/api/search?q=x&year=abc", "year")]
    [InlineData("/api/search?q=x&size=abc", "size")]
    [InlineData("/api/search?q=x&page=1.5", "page")]
    [InlineData("/api/search?q=x&from=99999999999", "from")]
    public async Task Search_WrongTypeInProduction_Is400NamingTheField(string url, string field)
    {
        var client = await factory.ReadyClientAsync();
        AssertNames(await ProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest), field);
    }

    [Theory]
    [InlineData("/api/ask", """{"question":123}""", "question")]
    [InlineData("/api/ask", """{"question":"海洋","year":[2023]}""", "year")]
    [InlineData("/api/compare", """{"question":"海洋生产总值是多少？","years":"2023"}""", "years")]
    [InlineData("/api/ask", """{"question":"海洋""", "question")]
    [InlineData("/api/ask", """{"question":"海洋","agency":"AGENCY"}""", "agency")]
    [InlineData("/api/ask", """{"question":"海洋","type":"TYPE"}""", "type")]
    public async Task Post_BadBodyInProduction_Is400NamingTheField(string path, string body, string field)
    {
        body = body.Replace("AGENCY", new string('局', 201)).Replace("TYPE", new string('t', 51));
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        AssertNames(await ProblemAsync(response, HttpStatusCode.BadRequest), field);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/search?q=x")]
    [InlineData("/app.js")]
    [InlineData("/health")]
    public async Task AnyResponse_CarriesTheSecurityHeaders(string path)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync(path);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Page_HasNoInlineScript_SoTheStrictPolicyLetsItRun()
    {
        var client = await factory.ReadyClientAsync();
        var html = await client.GetStringAsync("/");
        foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            Assert.Contains("src=", script.Value);
            Assert.Equal("", script.Groups[1].Value.Trim());
        }
        Assert.DoesNotMatch(" on[a-z]+=\"", html);
        Assert.DoesNotContain("style=\"", html);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/api/reference")]
    public async Task Diagnostics_OnlyWithTheAdminKeyWhenConfiguredSo(string path)
    {
        var client = await factory.ReadyClientAsync();
        await ProblemAsync(await client.GetAsync(path), HttpStatusCode.Forbidden);
        var keyed = new HttpRequestMessage(HttpMethod.Get, path);
        keyed.Headers.Add("X-Api-Key", ProductionApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(keyed)).StatusCode);
    }

    [Fact]
    public async Task Document_IdOfAFoldedCopy_ResolvesToItsOriginalNamingTheCopy()
    {
        var client = await factory.ReadyClientAsync();
        var copyId = PolicySearch.Retrieval.PolicyIndex.DocumentIdFor("a07-qd-2021-work-conference-repost.html");
        var view = (await client.GetFromJsonAsync<JsonObject>($"/api/documents/{copyId}"))!;
        Assert.Equal(PolicySearch.Retrieval.PolicyIndex.DocumentIdFor("a06-qd-2021-work-conference.txt"), view["documentId"]!.ToString());
        Assert.Equal("a07-qd-2021-work-conference-repost.html", view["requestedCopy"]!.ToString());
    }

    [Fact]
    public async Task Health_AfterTheFirstIngest_IsOkWithTheSkippedFiles()
    {
        var client = await factory.ReadyClientAsync();
        var health = (await client.GetFromJsonAsync<JsonObject>("/health"))!;
        Assert.Equal("ok", health["status"]!.ToString());
        Assert.True(health["firstIngestDone"]!.GetValue<bool>());
        Assert.NotNull(health["lastIngest"]?["skipped"]);
    }
}

public sealed class RequestBudgetTests(TightBudgetApiFactory factory) : IClassFixture<TightBudgetApiFactory>
{
    [Fact]
    public async Task Compare_PastTheTimeBudget_Is503ProblemDetails()
    {
        var client = await factory.ReadyClientAsync();
        var years = Enumerable.Range(2005, 20).ToArray();
        var response = await client.PostAsJsonAsync("/api/compare", new { question = "海洋生产总值是多少？", years });
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("took too long", problem["title"]!.ToString());
    }

    [Fact]
    public async Task AdminIngest_IsNotCutShortByTheBudget()
    {
        var client = await factory.ReadyClientAsync();
        File.AppendAllText(Path.Combine(factory.SeedsPath, "a05-qd-2020-sanmin-hutai.txt"), "\n（补记）");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ingest");
        request.Headers.Add("X-Api-Key", TightBudgetApiFactory.AdminKey);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A whole run's summary (the file watcher may have taken the change first: then it is unchanged here).
        var summary = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(ApiFactory.SeedFiles.Length, summary["updated"]!.GetValue<int>() + summary["unchanged"]!.GetValue<int>());
    }
}
