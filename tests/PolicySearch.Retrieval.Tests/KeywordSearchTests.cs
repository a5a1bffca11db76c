using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Retrieval.Tests;

[Collection(SeedIndexCollection.Name)]
public class KeywordSearchTests(SeedIndexFixture seeds)
{
    [Fact]
    public void Search_EveryManifestDocument_IsFoundByItsOwnTitle()
    {
        var missed = new List<string>();
        foreach (var entry in TestPaths.Manifest())
        {
            var files = seeds.Search(entry.Title).SelectMany(h => FilesOf(h.DocumentId)).ToHashSet();
            if (!files.Contains(entry.File)) missed.Add($"{entry.File}: {entry.Title}");
        }
        Assert.Empty(missed);
    }

    [Fact]
    public void Search_SimplifiedQuery_FindsTraditionalDocumentAndKeepsItsCharacters()
    {
        var hits = seeds.Search("2022年 国家级海洋牧场示范区 累计", top: 20);
        var trad = hits.FirstOrDefault(h => h.File == "a12-qd-2022-work-report-trad.html" && h.Text.Contains("海洋牧場"));
        Assert.NotNull(trad);
        Assert.Contains("<mark>", trad!.Highlight);
        Assert.Equal("<mark>國家級海洋牧場</mark>示範區", seeds.Index.Highlight("國家級海洋牧場示範區", "国家级海洋牧场"));
    }

    [Fact]
    public void Search_TraditionalQuery_FindsSimplifiedDocuments()
    {
        var hits = seeds.Search("滸苔綠潮災害應急預案");
        Assert.Contains(hits, h => h.File == "b13-qd-algae-emergency-plan-2024-interpretation.txt");
    }

    [Fact]
    public void Search_NewTermsSmartCnSplits_AreFoundThroughBigrams()
    {
        // SmartCn cuts 浒苔 into 浒 + 苔; the bigram field still matches the word as a whole.
        var hits = seeds.Search("浒苔", top: 20);
        Assert.True(hits.Count >= 10);
        Assert.All(hits, h => Assert.Contains("浒苔", h.Text));
        Assert.All(hits, h => Assert.Contains("<mark>浒苔", h.Highlight));
    }

    [Theory]
    [InlineData(2023)]
    [InlineData(2021)]
    public void Search_YearFilter_ReturnsOnlyThatYear(int year)
    {
        var hits = seeds.Search("海洋生产总值", new SearchFilters(Year: year), 50);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal(year, h.Year));
    }

    [Fact]
    public void Search_FromToAgencyAndTypeFilters_Narrow()
    {
        var range = seeds.Search("伏季休渔", new SearchFilters(From: 2022, To: 2023), 50);
        Assert.NotEmpty(range);
        Assert.All(range, h => Assert.InRange(h.Year, 2022, 2023));
        var agency = seeds.Search("伏季休渔", new SearchFilters(Agency: "农业农村厅"), 50);
        Assert.NotEmpty(agency);
        Assert.All(agency, h => Assert.Contains("农业农村厅", h.Agency));
        var policies = seeds.Search("伏季休渔", new SearchFilters(DocType: "policy"), 50);
        Assert.NotEmpty(policies);
        Assert.All(policies, h => Assert.Equal("policy", h.DocType));
    }

    [Theory]
    [InlineData("浒苔 AND (打捞 OR \"")]
    [InlineData("title:青岛* ~海洋^3")]
    [InlineData("\\ / [ ] { } : - + ! ? *")]
    [InlineData("NOT 海洋 || && 项目")]
    public void Search_LuceneSyntaxInUserText_IsPlainText(string query)
    {
        var hits = seeds.Search(query);
        Assert.NotNull(hits);
    }

    [Fact]
    public void Search_OnlyPunctuation_ReturnsNothing()
    {
        Assert.Empty(seeds.Search("？！。，"));
    }

    [Fact]
    public void Search_YearInQuestion_PrefersThatYearsReport()
    {
        var hits = seeds.Search("2023年青岛海洋重点项目完成投资多少", top: 3);
        Assert.Contains(hits, h => h.Year == 2023 || h.Text.Contains("2023年"));
        var first = seeds.Search("2025年全市海洋工作会议 去年海洋重点项目完成投资", top: 1)[0];
        Assert.Equal("b17-qd-2025-work-conference-forum-repost.txt", first.File);
    }

    [Fact]
    public void Search_OtherCityNamed_PrefersThatCity()
    {
        var yantai = seeds.Search("烟台 海洋牧场 百箱计划 深远海养殖网箱", top: 3);
        Assert.All(yantai, h => Assert.Contains("烟台", h.Title + h.Agency + h.Text.Replace("煙臺", "烟台")));
    }

    [Fact]
    public void Highlight_AdjacentMatches_ShareOneMarkAndTextIsEscaped()
    {
        var marked = seeds.Index.Highlight("明年将继续前移浒苔打捞防线<script>alert(1)</script>", "浒苔 打捞");
        Assert.Contains("<mark>浒苔打捞</mark>", marked);
        Assert.DoesNotContain("<script>", marked);
        Assert.Contains("&lt;script&gt;", marked);
    }

    [Fact]
    public void Search_Rerun_AddsNoDuplicates()
    {
        var before = seeds.Index.GetStatistics();
        Assert.Equal(seeds.Summary.Added - seeds.Summary.Folded.Count, before.Documents);
        var hits = seeds.Search("国信1号 养殖工船 交付", top: 50);
        Assert.Equal(hits.Count, hits.Select(h => h.PassageId).Distinct().Count());
    }

    private IReadOnlySet<string> FilesOf(string documentId)
    {
        var view = seeds.Index.GetDocument(documentId)!;
        return view.Alternates.Select(a => a.File).Append(view.File).ToHashSet();
    }
}
