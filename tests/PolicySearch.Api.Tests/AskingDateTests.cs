using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PolicySearch.Api.Tests;

/// <summary>The API with its clock set: questions are asked on 2024-05-20.</summary>
public sealed class AskedIn2024ApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Lifecycle:AsOf"] = "2024-05-20" };
}

public sealed class AskingDateTests(AskedIn2024ApiFactory factory) : IClassFixture<AskedIn2024ApiFactory>
{
    [Fact]
    public async Task Ask_ThisYear_IsReadAsTheYearOfTheAskingDate_AndSaysSo()
    {
        var client = await factory.ReadyClientAsync();
        var relative = await AskAsync(client, "今年计划推进多少个海洋重点项目？");
        var absolute = await AskAsync(client, "2024年计划推进多少个海洋重点项目？");
        Assert.Equal("今年计划推进多少个海洋重点项目？", relative["question"]!.ToString());
        Assert.Equal("2024年计划推进多少个海洋重点项目？", relative["resolvedQuestion"]!.ToString());
        Assert.Contains("140", relative["answer"]!.ToString());
        Assert.Equal(absolute["answer"]!.ToString(), relative["answer"]!.ToString());
        // A question without relative words is asked as it is, and says nothing of it.
        Assert.Null(absolute["resolvedQuestion"]);
    }

    private static async Task<JsonObject> AskAsync(HttpClient client, string question)
    {
        var response = await client.PostAsJsonAsync("/api/ask", new { question });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
