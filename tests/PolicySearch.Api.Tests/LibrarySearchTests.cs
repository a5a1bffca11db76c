using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PolicySearch.Api.Tests;

/// <summary>Search that reads like a policy library: documents once with their other matches, facets, honest empty results.</summary>
public sealed partial class LibrarySearchTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<JsonObject> SearchAsync(string query)
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync("/api/search?q=" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static List<JsonNode> Results(JsonObject page) => page["results"]!.AsArray().Select(r => r!).ToList();

    [Fact]
    public async Task GroupedByDocument_EachDocumentOnce_WithHowManyMoreOfItsPassagesMatched()
    {
        var q = Uri.EscapeDataString("浒苔 打捞");
        var grouped = await SearchAsync(q + "&group=document&size=100");
        var passages = await SearchAsync(q + "&size=100");
        var documents = Results(grouped);
        Assert.Equal("document", grouped["group"]!.GetValue<string>());
        Assert.Equal(documents.Count, documents.Select(r => r["documentId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(grouped["total"]!.GetValue<int>(), documents.Count);
        // Each document stands for its best passage and the others of it that matched: together, every passage found.
        Assert.Equal(passages["total"]!.GetValue<int>(), documents.Sum(r => 1 + r["more"]!.GetValue<int>()));
        Assert.Contains(documents, r => r["more"]!.GetValue<int>() > 0);
        // In rank order: a document's best passage is the first of its passages in the ungrouped list.
        var firstOf = Results(passages).GroupBy(r => r["documentId"]!.GetValue<string>()).Select(g => g.First()["passageId"]!.GetValue<string>()).ToList();
        Assert.Equal(firstOf, documents.Select(r => r["passageId"]!.GetValue<string>()));

        // A document's other matches, as the page fetches them when 本文另有 N 处匹配 is opened.
        var withMore = documents.First(r => r["more"]!.GetValue<int>() > 0);
        var inside = await SearchAsync(q + "&size=100&documentId=" + withMore["documentId"]);
        Assert.Equal(1 + withMore["more"]!.GetValue<int>(), inside["total"]!.GetValue<int>());
        Assert.All(Results(inside), r => Assert.Equal(withMore["documentId"]!.GetValue<string>(), r["documentId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Facets_CountTheDocumentsFound_ByYearIssuerKindAndStatus()
    {
        var page = await SearchAsync(Uri.EscapeDataString("浒苔") + "&group=document&facets=true&size=100");
        var facets = page["facets"]!.AsObject();
        var total = page["total"]!.GetValue<int>();
        var documents = Results(page);
        // Every document has one year and one kind: the counts add up to the documents found.
        Assert.Equal(total, facets["year"]!.AsArray().Sum(f => f!["count"]!.GetValue<int>()));
        Assert.Equal(total, facets["type"]!.AsArray().Sum(f => f!["count"]!.GetValue<int>()));
        foreach (var year in facets["year"]!.AsArray())
        {
            Assert.Equal(year!["count"]!.GetValue<int>(), documents.Count(r => r["year"]!.GetValue<int>().ToString() == year["value"]!.GetValue<string>()));
        }
        // Most first.
        var counts = facets["type"]!.AsArray().Select(f => f!["count"]!.GetValue<int>()).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
    }

    [Theory]
    [InlineData("hybrid")]
    [InlineData("bm25")]
    [InlineData("dense")]
    public async Task QueryMatchingNothingMeaningful_FindsNothing_InEveryMode(string mode)
    {
        var page = await SearchAsync(Uri.EscapeDataString("量子计算机 火星") + "&mode=" + mode);
        Assert.Equal(0, page["total"]!.GetValue<int>());
        Assert.Empty(Results(page));
    }

    [Fact]
    public async Task QueryOfOnlyFunctionWords_AsksForMoreWords()
    {
        var page = await SearchAsync(Uri.EscapeDataString("的"));
        Assert.Equal("no-words", page["notice"]!.GetValue<string>());
        Assert.Equal(0, page["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task NothingFound_OffersSearchesThatFindSomething()
    {
        var filtered = await SearchAsync(Uri.EscapeDataString("浒苔") + "&year=2030");
        Assert.Equal(0, filtered["total"]!.GetValue<int>());
        var dropFilters = filtered["suggestions"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "drop-filters")!;
        Assert.True(dropFilters["total"]!.GetValue<int>() > 0);

        // A query with one word the documents have finds what holds that word (not nothing for the word they lack).
        var oneKnown = await SearchAsync(Uri.EscapeDataString("量子计算机 浒苔"));
        Assert.NotEmpty(Results(oneKnown));
        Assert.All(Results(oneKnown), r => Assert.Matches("[浒滸]苔", r["title"]!.GetValue<string>() + r["text"]!.GetValue<string>()));
    }

    [GeneratedRegex("<mark>(.*?)</mark>")]
    private static partial Regex Mark();

    [Fact]
    public async Task Highlights_MarkTheQuerysWords_NeverAPieceAcrossTwoOfThem()
    {
        // 海洋生态 is 海洋 + 生态: its bigram 洋生 must not mark 海洋生 in 海洋生物 or 海洋生产总值.
        var page = await SearchAsync(Uri.EscapeDataString("海洋生态") + "&size=50");
        var marks = Results(page).SelectMany(r => Mark().Matches(r["highlight"]!.GetValue<string>()).Select(m => m.Groups[1].Value)).ToList();
        Assert.NotEmpty(marks);
        // (in a Traditional-script document, 海洋生態)
        Assert.All(marks, m => Assert.Matches("^(海洋|生[态態])+$", m));
    }

    [Fact]
    public async Task YearFilter_SaysWhatItFilters_PublishedOrMentioned()
    {
        var published = await SearchAsync(Uri.EscapeDataString("浒苔") + "&year=2021&size=100");
        var mentioned = await SearchAsync(Uri.EscapeDataString("浒苔") + "&year=2021&yearOf=mentioned&size=100");
        Assert.All(Results(published), r => Assert.Equal(2021, r["year"]!.GetValue<int>()));
        // 涉及年份: passages that speak of 2021, in documents of other years too (a 2022 report looking back).
        Assert.Contains(Results(mentioned), r => r["year"]!.GetValue<int>() != 2021 && r["text"]!.GetValue<string>().Contains("2021"));
        Assert.NotEqual(Results(published).Select(r => r["passageId"]!.GetValue<string>()), Results(mentioned).Select(r => r["passageId"]!.GetValue<string>()));

        var client = await factory.ReadyClientAsync();
        var bad = await client.GetAsync("/api/search?q=x&yearOf=issued");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["yearOf"]);
    }
}
