using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Access;
using PolicySearch.Retrieval.Embeddings;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

public sealed class AccessTests : IDisposable
{
    private static readonly string[] PublicSeeds =
    [
        "a01-qd-2019-ocean-offensive.txt", "a06-qd-2021-work-conference.txt", "a08-qd-2021-projects-progress.txt",
        "b01-qd-2023-work-conference.txt", "d20-sd-2025-sea-ranch-regulation-draft.txt",
    ];

    private static readonly string[] Queries =
    [
        "2023年新签约了多少个海洋项目？", "海洋牧场 专项资金", "涉海重点项目完成投资", "海洋经济处工作要点", "全市海洋生产总值增长",
    ];

    private readonly TempFolder _temp = new("policysearch-access-");

    public void Dispose() => _temp.Dispose();

    /// <summary>A folder of the public seeds plus internal documents (under 内部/) written by the caller.</summary>
    private string Folder(string name, IReadOnlyDictionary<string, string> internalDocuments, string? access = """{"rules":[{"path":"内部/**","groups":["海洋经济处"]}]}""")
    {
        var folder = _temp.Sub(name);
        foreach (var seed in PublicSeeds) File.Copy(TestPaths.SeedFile(seed), Path.Combine(folder, seed));
        foreach (var (file, text) in internalDocuments)
        {
            var path = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        if (access is not null) File.WriteAllText(Path.Combine(folder, AccessRules.FileName), access);
        return folder;
    }

    private sealed class Indexed(TempFolder temp, string name) : IDisposable
    {
        public PolicyIndex Index { get; } = new(temp.Sub(name));
        public EmbeddingService Embeddings { get; } = new(new EmbeddingOptions(), Path.Combine(temp.Path, name));
        public PassageSearcher Searcher => new(Index, Options.Create(new RankingOptions()), Embeddings);
        public Task<IngestionSummary> IngestAsync(string folder) => new IngestionPipeline(Index, Options.Create(new IngestionOptions()), null, Embeddings).RunAsync(folder);

        public void Dispose()
        {
            Index.Dispose();
            Embeddings.Dispose();
        }
    }

    private static string Rankings(PassageSearcher searcher, string mode) => string.Join("\n", Queries.Select(q =>
    {
        var response = searcher.Search(new SearchRequest(q, new SearchFilters(), 20), mode);
        return $"{q} {response.Total}: " + string.Join(" ", response.Results.Select(r => $"{r.PassageId}={r.Score:R}"));
    }));

    [Fact]
    public async Task AnonymousRanking_IsTheSameWhateverTheHiddenDocumentsSay()
    {
        // Two bureaus with the same public documents and different internal ones (other words, other lengths).
        var first = Folder("first", new Dictionary<string, string>
        {
            ["内部/a.txt"] = "海洋经济处2025年工作要点\n\n海洋经济处计划推进蓝鲸计划，安排海洋牧场专项资金3.7亿元，新签约海洋项目12个，涉海重点项目完成投资80亿元。\n",
            ["内部/b.txt"] = "全市海洋生产总值增长情况（内部测算）\n\n全市海洋生产总值增长8.1%，海洋牧场、海洋项目、专项资金均有增长。海洋海洋海洋。\n",
        });
        var second = Folder("second", new Dictionary<string, string>
        {
            ["内部/a.txt"] = "会议纪要\n\n银沙滩岸线修复，预算2.1亿元。\n",
            ["内部/b.txt"] = string.Concat(Enumerable.Repeat("海洋牧场建设专项资金使用情况的说明。重点项目完成投资情况。", 40)),
        });
        using var a = new Indexed(_temp, "index-first");
        using var b = new Indexed(_temp, "index-second");
        await a.IngestAsync(first);
        await b.IngestAsync(second);

        using (AccessScope.Enter(AccessScope.Public))
        {
            foreach (var mode in SearchModes.All)
            {
                // Same results, same scores to the last bit, same totals: nothing of the hidden documents shows.
                Assert.Equal(Rankings(a.Searcher, mode), Rankings(b.Searcher, mode));
            }
        }
        // Those who may see them get different answers (so the comparison above could fail).
        using (AccessScope.Enter(AccessScope.Of(["海洋经济处"])))
        {
            Assert.NotEqual(Rankings(a.Searcher, SearchModes.Bm25), Rankings(b.Searcher, SearchModes.Bm25));
            Assert.Contains(a.Searcher.Search(new SearchRequest("蓝鲸计划", new SearchFilters(), 5)).Results, r => r.File == "内部/a.txt");
        }
    }

    [Fact]
    public async Task AccessJsonChange_TakesEffectOnTheNextIngest_WithoutReadingTheDocumentsAgain()
    {
        var folder = Folder("docs", new Dictionary<string, string>
        {
            ["内部/briefing.txt"] = "海洋经济处工作要点\n\n2025年推进蓝鲸计划，新建深远海养殖平台6座。\n",
        }, access: null);
        using var indexed = new Indexed(_temp, "index");
        await indexed.IngestAsync(folder);
        bool Visible(AccessScope scope)
        {
            using (AccessScope.Enter(scope)) return indexed.Searcher.Search(new SearchRequest("蓝鲸计划", new SearchFilters(), 5), SearchModes.Bm25).Results.Any(r => r.File == "内部/briefing.txt");
        }
        Assert.True(Visible(AccessScope.Public));

        File.WriteAllText(Path.Combine(folder, AccessRules.FileName), """{"rules":[{"path":"内部","groups":["海洋经济处"]}]}""");
        var summary = await indexed.IngestAsync(folder);
        Assert.Equal((0, 0, 1, 1), (summary.Added, summary.Updated, summary.AccessChanged, summary.Restricted));
        Assert.False(Visible(AccessScope.Public));
        Assert.False(Visible(AccessScope.Of(["规划处"])));
        Assert.True(Visible(AccessScope.Of(["规划处", "海洋经济处"])));
        Assert.True(Visible(AccessScope.Everyone));
        using (AccessScope.Enter(AccessScope.Public)) Assert.Null(indexed.Index.GetDocument(PolicyIndex.DocumentIdFor("内部/briefing.txt")));

        // A file that cannot be read as rules stops the ingest: nothing goes public by a typo.
        File.WriteAllText(Path.Combine(folder, AccessRules.FileName), """{"rules":[{"path":"内部/**"}]}""");
        var refused = await Assert.ThrowsAsync<AccessRulesException>(() => indexed.IngestAsync(folder));
        Assert.Contains("names no group", refused.Message);
        File.WriteAllText(Path.Combine(folder, AccessRules.FileName), "{\"rules\":[");
        await Assert.ThrowsAsync<AccessRulesException>(() => indexed.IngestAsync(folder));
        Assert.False(Visible(AccessScope.Public));

        File.Delete(Path.Combine(folder, AccessRules.FileName));
        summary = await indexed.IngestAsync(folder);
        Assert.Equal((0, 1, 0), (summary.Updated, summary.AccessChanged, summary.Restricted));
        Assert.True(Visible(AccessScope.Public));
    }

    [Fact]
    public async Task DocumentMarkedNotPublic_WithNoRule_IsKeptToTheInternalGroup_AndReported()
    {
        var folder = Folder("docs", new Dictionary<string, string>
        {
            ["通知.txt"] = "青岛市海洋发展局关于做好台风防御准备的通知\n\n各区市海洋发展局：\n全市渔船须于8月3日18时前全部回港避风。\n\n青岛市海洋发展局\n2025年8月2日\n（此件不公开）\n",
        }, access: null);
        using var indexed = new Indexed(_temp, "index");
        var summary = await indexed.IngestAsync(folder);
        Assert.Equal([new InternalFile("通知.txt", new AccessOptions().InternalGroup)], summary.InternalByNote);
        var id = PolicyIndex.DocumentIdFor("通知.txt");
        using (AccessScope.Enter(AccessScope.Public)) Assert.Null(indexed.Index.GetDocument(id));
        using (AccessScope.Enter(AccessScope.Of([new AccessOptions().InternalGroup]))) Assert.NotNull(indexed.Index.GetDocument(id));
    }

    [Theory]
    [InlineData("内部/**", "内部/a.txt", true)]
    [InlineData("内部/**", "内部/x/y/a.txt", true)]
    [InlineData("内部/**", "内部文件.txt", false)]
    [InlineData("内部", "内部/a.txt", true)]
    [InlineData("*.docx", "a.docx", true)]
    [InlineData("*.docx", "sub/a.docx", false)]
    [InlineData("**/草稿*.txt", "sub/deeper/草稿1.txt", true)]
    [InlineData("**/草稿*.txt", "草稿1.txt", true)]
    [InlineData("规划处/?.txt", "规划处/a.txt", true)]
    [InlineData("规划处/?.txt", "规划处/ab.txt", false)]
    [InlineData("a+b(1)/*", "a+b(1)/c.txt", true)]
    public void Rules_MatchPathGlobs(string glob, string file, bool matches)
    {
        var folder = _temp.Sub(Guid.NewGuid().ToString("N"));
        File.WriteAllText(Path.Combine(folder, AccessRules.FileName), $$"""{"rules":[{"path":"{{glob}}","groups":["g"]}]}""");
        Assert.Equal(matches, AccessRules.Load(folder).GroupsOf(file).Count > 0);
    }
}
