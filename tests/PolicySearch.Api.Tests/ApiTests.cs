using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicySearch.Api.Tests;

public sealed class ApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static async Task<JsonObject> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    [Fact]
    public async Task Health_AfterStartup_ReportsIndexStatistics()
    {
        var client = await factory.ReadyClientAsync();
        var health = await Json(await client.GetAsync("/health"));
        Assert.Equal("ok", health["status"]!.ToString());
        // Eight files, one of them a republished copy: seven documents, all from the test's own folder.
        Assert.Equal(7, health["index"]!["documents"]!.GetValue<int>());
        Assert.Equal(8, health["index"]!["sourceFiles"]!.GetValue<int>());
        Assert.StartsWith("lsa-", health["embeddingModel"]!.ToString());
        Assert.Equal("hybrid", health["defaultSearchMode"]!.ToString());
    }

    [Fact]
    public async Task Search_Query_ReturnsHighlightedPassagesWithOffsets()
    {
        var client = await factory.ReadyClientAsync();
        var page = await Json(await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("浒苔 打捞") + "&size=5"));
        var results = page["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.True(page["total"]!.GetValue<int>() >= results.Count);
        Assert.Equal("hybrid", page["mode"]!.ToString());
        var first = results[0]!;
        Assert.Contains("<mark>", first["highlight"]!.ToString());
        foreach (var key in new[] { "rank", "score", "passageId", "documentId", "file", "title", "agency", "date", "year", "text", "highlight" })
        {
            Assert.NotNull(first[key]);
        }

        var doc = await Json(await client.GetAsync($"/api/documents/{first["documentId"]}"));
        var text = doc["text"]!.ToString();
        var start = first["start"]!.GetValue<int>();
        var end = first["end"]!.GetValue<int>();
        Assert.Equal(first["text"]!.ToString(), text[start..end]);
    }

    [Fact]
    public async Task Search_Paging_DoesNotRepeatResults()
    {
        var client = await factory.ReadyClientAsync();
        var q = Uri.EscapeDataString("海洋");
        var p1 = (await Json(await client.GetAsync($"/api/search?q={q}&size=3&page=1")))["results"]!.AsArray();
        var p2 = (await Json(await client.GetAsync($"/api/search?q={q}&size=3&page=2")))["results"]!.AsArray();
        Assert.Equal(3, p1.Count);
        Assert.NotEmpty(p2);
        Assert.Empty(p1.Select(r => r!["passageId"]!.ToString()).Intersect(p2.Select(r => r!["passageId"]!.ToString())));
        Assert.Equal(4, p2[0]!["rank"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/api/search?q=", "q")]
    [InlineData("/api/search?q=%20%20", "q")]
    [InlineData("/api/search?q=%E6%B5%B7&size=1000", "size")]
    [InlineData("/api/search?q=%E6%B5%B7&page=0", "page")]
    [InlineData("/api/search?q=%E6%B5%B7&year=99999", "year")]
    [InlineData("/api/search?q=%E6%B5%B7&from=2024&to=2020", "from")]
    [InlineData("/api/search?q=%E6%B5%B7&mode=magic", "mode")]
    public async Task Search_BadInput_Is400NamingTheField(string url, string field)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Json(response);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Search_TooLongQuery_Is400()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync("/api/search?q=" + Uri.EscapeDataString(new string('海', 501)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Search_WrongType_Is400NotServerError()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync("/api/search?q=%E6%B5%B7&year=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.NotNull(problem["errors"]!["year"]);
        Assert.DoesNotContain("   at ", problem.ToJsonString());
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("0000000000000000")]
    [InlineData("%3Cscript%3E")]
    public async Task Document_UnknownOrTraversalId_Is404Problem(string id)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync("/api/documents/" + id);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Document_RepublishedCopy_IsListedAsAlternate()
    {
        var client = await factory.ReadyClientAsync();
        var hits = await Json(await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("锚定全球海洋中心城市目标")));
        var hit = hits["results"]!.AsArray().First(r => r!["file"]!.ToString().StartsWith("a06"))!;
        var doc = await Json(await client.GetAsync($"/api/documents/{hit["documentId"]}"));
        Assert.Equal("a07-qd-2021-work-conference-repost.html", doc["alternates"]![0]!["file"]!.ToString());
        Assert.NotEmpty(doc["passages"]!.AsArray());
    }

    [Fact]
    public async Task Ask_FollowUp_IsReadAgainstHistory_AndSaysHowItWasUnderstood()
    {
        var client = await factory.ReadyClientAsync();
        var history = new[] { new { question = "2024年计划推进多少个海洋重点项目？", answer = "140个 [1]" } };
        var response = await client.PostAsJsonAsync("/api/ask", new { question = "2023年呢？", history });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await Json(response);
        Assert.Equal("2023年呢？", answer["question"]!.ToString());
        Assert.Equal("2023年计划推进多少个海洋重点项目？", answer["resolvedQuestion"]!.ToString());
        // Asked alone, the same words are no question about projects.
        var alone = await Json(await client.PostAsJsonAsync("/api/ask", new { question = "2023年呢？" }));
        Assert.Null(alone["resolvedQuestion"]);
        // A question that stands on its own ignores the history.
        var own = await Json(await client.PostAsJsonAsync("/api/ask", new { question = "2024年计划推进多少个海洋重点项目？", history }));
        Assert.Null(own["resolvedQuestion"]);
        Assert.Contains("140", own["answer"]!.ToString());
    }

    [Theory]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"浒苔\"}],\"year\":\"abc\"}", "year")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"浒苔\"}],\"metadata\":{\"from\":3000}}", "from")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"浒苔\"}],\"metadata\":{\"status\":\"有效\"}}", "status")]
    [InlineData("{\"messages\":[{\"role\":\"assistant\",\"content\":\"没有问题\"}]}", "messages")]
    public async Task ChatCompletions_BadFilterOrMessages_Is400InTheOpenAiShapeNamingIt(string body, string param)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await Json(response))["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.ToString());
        Assert.Equal(param, error["param"]!.ToString());
    }

    [Fact]
    public async Task Ask_BadHistory_Is400NamingHistory()
    {
        var client = await factory.ReadyClientAsync();
        var tooLong = Enumerable.Range(0, 21).Select(i => new { question = $"问题{i}", answer = "答" }).ToArray();
        foreach (var body in new object[] { new { question = "2023年呢？", history = tooLong }, new { question = "2023年呢？", history = new[] { new { question = "", answer = "答" } } } })
        {
            var response = await client.PostAsJsonAsync("/api/ask", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await Json(response))["errors"]!["history"]);
        }
    }

    [Fact]
    public async Task Ask_SeedQuestion_AnswersWithAnExactCitation()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsJsonAsync("/api/ask", new { question = "2024年计划推进多少个海洋重点项目？" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await Json(response);
        Assert.False(answer["abstained"]!.GetValue<bool>());
        Assert.Equal("extractive", answer["mode"]!.ToString());
        Assert.Contains("140", answer["answer"]!.ToString());
        Assert.Contains("[1]", answer["answer"]!.ToString());
        var citation = answer["citations"]![0]!;
        Assert.Equal("000_53baf1169bf9d7be.txt", citation["file"]!.ToString());
        var doc = await Json(await client.GetAsync($"/api/documents/{citation["documentId"]}"));
        var text = doc["text"]!.ToString();
        Assert.Equal(citation["quote"]!.ToString(), text[citation["start"]!.GetValue<int>()..citation["end"]!.GetValue<int>()]);
    }

    [Theory]
    [InlineData("{}", "question")]
    [InlineData("{\"question\":\"   \"}", "question")]
    [InlineData("{\"question\":\"海洋\",\"year\":12345}", "year")]
    public async Task Ask_BadInput_Is400NamingTheField(string body, string field)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsync("/api/ask", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Json(response))["errors"]![field]);
    }

    [Fact]
    public async Task Ask_QuestionOf20000Characters_Is400NotTooLarge()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsJsonAsync("/api/ask", new { question = new string('海', 20000) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Json(response))["errors"]!["question"]);
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoints()
    {
        var client = await factory.ReadyClientAsync();
        var spec = await Json(await client.GetAsync("/openapi/v1.json"));
        var paths = spec["paths"]!.AsObject();
        Assert.Contains(paths, p => p.Key.StartsWith("/api/search"));
        Assert.Contains(paths, p => p.Key.StartsWith("/api/documents/"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reference/")).StatusCode);
    }

    [Fact]
    public async Task Worker_NewFileInSeeds_IsPickedUpWhileRunning()
    {
        // A factory of its own: this test changes the seeds folder.
        using var own = new ApiFactory();
        var client = await own.ReadyClientAsync();
        var text = "青岛市海洋发展局召开珊瑚礁保育专题会议\n\n发布时间：2024-06-01\n\n会议研究部署珊瑚礁保育试点工作，要求在灵山岛海域开展珊瑚礁生态调查和保育示范。";
        File.WriteAllText(Path.Combine(own.SeedsPath, "zz-new-coral.txt"), text);
        var q = Uri.EscapeDataString("珊瑚礁保育");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var results = (await Json(await client.GetAsync($"/api/search?q={q}")))["results"]!.AsArray();
            if (results.Any(r => r!["file"]!.ToString() == "zz-new-coral.txt")) return;
            await Task.Delay(250);
        }
        Assert.Fail("The new file was not indexed within 30 s.");
    }

    [Fact]
    public async Task Compare_Years_OneCellPerYearFromThatYearOrLater_WithChart()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsJsonAsync("/api/compare", new { question = "海洋重点项目有多少个？", years = new[] { 2021, 2024 }, chart = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        var years = body["years"]!.AsArray();
        Assert.Equal([2021, 2024], years.Select(y => y!["year"]!.GetValue<int>()));
        foreach (var cell in years)
        {
            var year = cell!["year"]!.GetValue<int>();
            Assert.NotNull(cell["answer"]);
            Assert.NotNull(cell["mode"]);
            foreach (var citation in cell["citations"]!.AsArray())
            {
                Assert.True(int.Parse(citation!["date"]!.ToString()[..4]) >= year, "a year's answer never comes from an earlier document");
            }
        }
        Assert.Contains(years, y => !y!["abstained"]!.GetValue<bool>());
        Assert.StartsWith("<svg", body["chart"]!.ToString());
    }

    [Theory]
    [InlineData("""{"question":"海洋生产总值","years":[]}""", "years")]
    [InlineData("""{"question":"海洋生产总值"}""", "years")]
    [InlineData("""{"question":"海洋生产总值","years":[1800]}""", "years")]
    [InlineData("""{"question":"  ","years":[2023]}""", "question")]
    [InlineData("""{"question":"海洋生产总值","years":"2023"}""", "years")]
    public async Task Compare_BadInput_IsProblemDetailsNamingTheField(string json, string field)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsync("/api/compare", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, problem, StringComparison.OrdinalIgnoreCase);
    }
}
