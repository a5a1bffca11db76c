using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

/// <summary>Folding republished copies never hides a document that says something different.</summary>
public sealed class NearDuplicateFoldingTests : IDisposable
{
    private const string Guoxin = "a10-qd-2022-guoxin1-delivery.txt";

    private readonly TempFolder _temp = new();
    private readonly string _source;
    private readonly string _indexPath;

    public NearDuplicateFoldingTests()
    {
        _source = _temp.Sub("seeds");
        _indexPath = _temp.Sub("index");
    }

    public void Dispose() => _temp.Dispose();

    private async Task<IngestionSummary> IngestAsync()
    {
        using var index = new PolicyIndex(_indexPath);
        return await new IngestionPipeline(index, Options.Create(new IngestionOptions())).RunAsync(_source);
    }

    private T Read<T>(Func<PolicyIndex, T> read)
    {
        using var index = new PolicyIndex(_indexPath);
        return read(index);
    }

    private static string Id(string file) => PolicyIndex.DocumentIdFor(file);

    [Fact]
    public async Task Run_CopyWithAChangedFigureAndAnEarlierDate_IsItsOwnDocumentAndTheOriginalStays()
    {
        var original = File.ReadAllText(TestPaths.SeedFile(Guoxin));
        Assert.Contains("4.5亿元", original);
        File.WriteAllText(Path.Combine(_source, Guoxin), original);
        await IngestAsync();

        var altered = original.Replace("4.5亿元", "99亿元").Replace("2022-5-23", "2022-5-01");
        File.WriteAllText(Path.Combine(_source, "a10-copy.txt"), altered);
        var summary = await IngestAsync();

        Assert.Empty(summary.Folded);
        Read(index =>
        {
            Assert.NotNull(index.GetDocument(Id(Guoxin)));
            Assert.NotNull(index.GetDocument(Id("a10-copy.txt")));
            var hits = index.Retrieve("国信1号 总投资", new SearchFilters(), 10).Candidates;
            Assert.Contains(hits, h => h.File == Guoxin && h.Text.Contains("4.5亿元"));
            return 0;
        });
    }

    [Fact]
    public async Task Run_ExactCopyWithAnEarlierDate_DoesNotTakeTheOriginalsPlaceAndItsIdStillResolves()
    {
        var original = File.ReadAllText(TestPaths.SeedFile(Guoxin));
        File.WriteAllText(Path.Combine(_source, Guoxin), original);
        await IngestAsync();

        File.WriteAllText(Path.Combine(_source, "0-copy.txt"), original.Replace("2022-5-23", "2022-5-01"));
        var summary = await IngestAsync();

        var folded = Assert.Single(summary.Folded);
        Assert.Equal(("0-copy.txt", Guoxin), (folded.File, folded.Original));
        Read(index =>
        {
            var view = index.GetDocument(Id(Guoxin))!;
            Assert.Equal("0-copy.txt", Assert.Single(view.Alternates).File);
            Assert.Null(index.GetDocument(Id("0-copy.txt")));
            var resolved = index.ResolveDocument(Id("0-copy.txt"))!;
            Assert.Equal(Id(Guoxin), resolved.DocumentId);
            Assert.Equal("0-copy.txt", resolved.RequestedCopy);
            return 0;
        });
    }

    [Fact]
    public async Task Run_ForumRepostDatedEarlier_IsNeverTheOriginal()
    {
        File.Copy(TestPaths.SeedFile("b07-qd-reform-cases-news.html"), Path.Combine(_source, "b07.html"));
        // The forum's copy, with a date before the news release's.
        var repost = File.ReadAllText(TestPaths.SeedFile("b08-forum-repost-reform-cases.txt")).Replace("2023-11-24", "2023-11-01");
        File.WriteAllText(Path.Combine(_source, "b08.txt"), repost);

        var summary = await IngestAsync();

        var folded = Assert.Single(summary.Folded);
        Assert.Equal(("b08.txt", "b07.html"), (folded.File, folded.Original));
    }

    [Fact]
    public async Task Run_ThreeTextsAlikeOnlyInAChain_FoldOnlyDirectMatches()
    {
        // A shares most sentences with B, and B with C, but A and C share a third.
        var sentences = Enumerable.Range(1, 60)
            .Select(i => $"第{i}项任务：推进海洋{(char)('甲' + i)}{(char)('乙' + 2 * i)}产业工程建设，完成投资{i * 3}亿元，新增就业{i * 11}人。")
            .ToList();
        string Text(int from) => string.Join("\n", sentences.Skip(from).Take(40));
        File.WriteAllText(Path.Combine(_source, "a.txt"), Text(0));
        File.WriteAllText(Path.Combine(_source, "b.txt"), Text(10));
        File.WriteAllText(Path.Combine(_source, "c.txt"), Text(20));
        double Similarity(int x, int y) => NearDuplicateDetector.Similarity(NearDuplicateDetector.Signature(Text(x)), NearDuplicateDetector.Signature(Text(y)));
        Assert.True(Similarity(0, 10) >= NearDuplicateDetector.Threshold);
        Assert.True(Similarity(10, 20) >= NearDuplicateDetector.Threshold);
        Assert.True(Similarity(0, 20) < NearDuplicateDetector.Threshold);

        var summary = await IngestAsync();

        var folded = Assert.Single(summary.Folded);
        Assert.Equal(("b.txt", "a.txt"), (folded.File, folded.Original));
        Assert.Equal(2, Read(index => index.GetStatistics().Documents));
    }

    [Fact]
    public void Facts_ChangedFigureConflicts_AddedLinesDoNot()
    {
        var text = "“国信1号”总投资约4.5亿元，设计年产高品质鱼类3700吨，于2022年5月20日交付。";
        var facts = NearDuplicateDetector.Facts(text);
        Assert.Null(NearDuplicateDetector.ConflictingFact(facts, NearDuplicateDetector.Facts("楼主 发表于 2022-5-23 08:16\n" + text)));
        Assert.NotNull(NearDuplicateDetector.ConflictingFact(facts, NearDuplicateDetector.Facts(text.Replace("4.5亿元", "99亿元"))));
        Assert.NotNull(NearDuplicateDetector.ConflictingFact(facts, NearDuplicateDetector.Facts(text.Replace("5月20日", "5月18日"))));
    }
}
