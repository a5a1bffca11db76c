using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

public sealed class IngestionPipelineTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _source;
    private readonly string _indexPath;

    public IngestionPipelineTests()
    {
        _source = _temp.Sub("seeds");
        _indexPath = _temp.Sub("index");
    }

    public void Dispose() => _temp.Dispose();

    private void CopySeed(string name, string? as_ = null) => File.Copy(TestPaths.SeedFile(name), Path.Combine(_source, as_ ?? name), overwrite: true);

    private (PolicyIndex Index, IngestionPipeline Pipeline) Open(int batch = 64)
    {
        var index = new PolicyIndex(_indexPath);
        return (index, new IngestionPipeline(index, Options.Create(new IngestionOptions { CommitBatchSize = batch })));
    }

    private static int PassageCount(PolicyIndex index) => index.GetStatistics().Passages;

    [Fact]
    public async Task Run_AddUpdateDelete_IndexFollowsTheFolder()
    {
        CopySeed("a01-qd-2019-ocean-offensive.txt");
        CopySeed("a08-qd-2021-projects-progress.txt");
        var (index, pipeline) = Open();
        using (index)
        {
            var first = await pipeline.RunAsync(_source);
            Assert.Equal((2, 0, 0, 0), (first.Added, first.Updated, first.Unchanged, first.Removed));
            var passages = PassageCount(index);

            var again = await pipeline.RunAsync(_source);
            Assert.Equal((0, 0, 2, 0), (again.Added, again.Updated, again.Unchanged, again.Removed));
            Assert.Equal(passages, PassageCount(index));

            File.AppendAllText(Path.Combine(_source, "a01-qd-2019-ocean-offensive.txt"), "\n补充说明：全市新增海洋牧场示范区两处，均位于崂山湾海域。\n");
            CopySeed("b09-qd-desalination-subsidy-2023.txt");
            File.Delete(Path.Combine(_source, "a08-qd-2021-projects-progress.txt"));
            var changed = await pipeline.RunAsync(_source);
            Assert.Equal((1, 1, 0, 1), (changed.Added, changed.Updated, changed.Unchanged, changed.Removed));
            Assert.Equal(2, index.GetStatistics().Documents);
            Assert.DoesNotContain(index.Retrieve("开工率达到81.0%", new SearchFilters(), 10).Candidates, c => c.File.StartsWith("a08"));
            Assert.Contains(index.Retrieve("崂山湾海域 海洋牧场示范区两处", new SearchFilters(), 5).Candidates, c => c.Text.Contains("崂山湾"));
        }
    }

    [Fact]
    public async Task Run_RepublishedCopy_IsFoldedIntoTheOriginal()
    {
        CopySeed("a06-qd-2021-work-conference.txt");
        CopySeed("a07-qd-2021-work-conference-repost.html");
        CopySeed("b07-qd-reform-cases-news.html");
        CopySeed("b08-forum-repost-reform-cases.txt");
        CopySeed("a08-qd-2021-projects-progress.txt");
        var (index, pipeline) = Open();
        using (index)
        {
            var summary = await pipeline.RunAsync(_source);
            Assert.Equal(2, summary.Folded.Count);
            Assert.Equal(3, index.GetStatistics().Documents);
            var hits = index.Retrieve("锚定全球海洋中心城市目标", new SearchFilters(), 20).Candidates;
            Assert.DoesNotContain(hits, h => h.File == "a07-qd-2021-work-conference-repost.html");
            var original = hits.First(h => h.File == "a06-qd-2021-work-conference.txt");
            var view = index.GetDocument(original.DocumentId)!;
            Assert.Equal("a07-qd-2021-work-conference-repost.html", Assert.Single(view.Alternates).File);
            var reform = index.Retrieve("20项改革创新案例", new SearchFilters(), 20).Candidates;
            Assert.Contains(reform, h => h.File == "b07-qd-reform-cases-news.html");
            Assert.DoesNotContain(reform, h => h.File == "b08-forum-repost-reform-cases.txt");
        }
    }

    [Fact]
    public async Task Run_KilledHalfWay_NextRunCompletesWithoutDuplicates()
    {
        var files = Directory.GetFiles(TestPaths.Seeds).Select(Path.GetFileName).Order().Take(12).ToList();
        foreach (var f in files) CopySeed(f!);
        using var cancel = new CancellationTokenSource();
        var (index, pipeline) = Open(batch: 2);
        using (index)
        {
            var progress = new SynchronousProgress(p =>
            {
                if (p.Stage == "indexing" && p.Done == 7) cancel.Cancel();
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.RunAsync(_source, progress, cancel.Token));
        }
        // The process "died": a new one opens the same index and runs again.
        var (index2, pipeline2) = Open();
        using (index2)
        {
            var partial = index2.GetStatistics().SourceFiles;
            Assert.InRange(partial, 1, files.Count - 1);
            var summary = await pipeline2.RunAsync(_source);
            Assert.Equal(files.Count - partial, summary.Added);
            Assert.Equal(files.Count - summary.Folded.Count, index2.GetStatistics().Documents);
            var stats = index2.GetStatistics();
            Assert.Equal(files.Count, stats.SourceFiles);
            var ids = new HashSet<string>();
            foreach (var f in files)
            {
                var doc = index2.GetDocument(IngestionPipeline.DocumentIdFor(f!)) ?? index2.GetDocument(index2.GetSourceFiles().First(r => r.File == f).DocumentId!);
                Assert.NotNull(doc);
                ids.Add(doc!.DocumentId);
            }
            Assert.Equal(stats.Documents, ids.Count);
            Assert.Equal(stats.Passages, ids.Sum(id => index2.GetDocument(id)!.Passages.Count));
        }
    }

    [Fact]
    public async Task Run_BadFiles_AreSkippedWithReasonsAndTheRestIndexed()
    {
        CopySeed("a01-qd-2019-ocean-offensive.txt");
        File.WriteAllBytes(Path.Combine(_source, "empty.txt"), []);
        File.WriteAllBytes(Path.Combine(_source, "binary.txt"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x1A, 0x0A, 0x00]);
        File.WriteAllText(Path.Combine(_source, "report.docx"), "not really a docx");
        File.WriteAllText(Path.Combine(_source, "sheet.xlsx"), "a spreadsheet");
        File.WriteAllText(Path.Combine(_source, "truncated.html"), "<html><head><title>截断的页面</title></head><body><div class='article'><p>青岛市海洋发展局召开专题会议，研究部署海洋牧场建设和浒苔防控工作。会议要求");
        var undecodable = new byte[2048];
        new Random(3).NextBytes(undecodable);
        for (var i = 0; i < undecodable.Length; i++) if (undecodable[i] < 0x20) undecodable[i] = 0xFF;
        File.WriteAllBytes(Path.Combine(_source, "garbage.txt"), undecodable);
        using (var big = File.Create(Path.Combine(_source, "huge.txt"))) big.SetLength(100L * 1024 * 1024);

        var (index, pipeline) = Open();
        using (index)
        {
            var summary = await pipeline.RunAsync(_source);
            var reasons = summary.Skipped.ToDictionary(s => s.File, s => s.Reason);
            Assert.Contains("empty", reasons["empty.txt"]);
            Assert.Contains("binary", reasons["binary.txt"]);
            Assert.Contains("not a zip", reasons["report.docx"]);
            Assert.Contains("unsupported", reasons["sheet.xlsx"]);
            Assert.Contains("undecodable", reasons["garbage.txt"]);
            Assert.Contains("too large", reasons["huge.txt"]);
            Assert.Equal(2, summary.Added);
            Assert.Equal(2, index.GetStatistics().Documents);
            Assert.Contains(index.Retrieve("海洋牧场建设和浒苔防控", new SearchFilters(), 5).Candidates, c => c.File == "truncated.html");
        }
    }

    [Fact]
    public async Task Search_DuringIngest_NeverFailsAndEveryHitMatchesItsDocument()
    {
        foreach (var file in Directory.GetFiles(TestPaths.Seeds)) File.Copy(file, Path.Combine(_source, Path.GetFileName(file)));
        var index = new PolicyIndex(_indexPath);
        using var embeddings = new PolicySearch.Retrieval.Embeddings.EmbeddingService(new PolicySearch.Retrieval.Embeddings.EmbeddingOptions(), _indexPath);
        var pipeline = new IngestionPipeline(index, Options.Create(new IngestionOptions { CommitBatchSize = 8 }), null, embeddings);
        var searcher = new PassageSearcher(index, Options.Create(new RankingOptions()), embeddings);
        using (index)
        {
            var ingest = pipeline.RunAsync(_source);
            var searches = 0;
            var checkedHits = 0;
            string[] queries = ["海洋生产总值", "浒苔 打捞", "伏季休渔", "海洋牧场", "重点项目 投资"];
            // Searches while commits land (one per 8 documents) and, at the end, segments are merged.
            while (!ingest.IsCompleted || searches < 20)
            {
                var mode = searcher.AvailableModes.Contains(SearchModes.Hybrid) ? SearchModes.Hybrid : SearchModes.Bm25;
                var response = searcher.Search(new SearchRequest(queries[searches % queries.Length], new SearchFilters(), 5), mode);
                foreach (var hit in response.Results)
                {
                    // A hit's text, offsets and document belong together, whichever commit it was read from.
                    var document = index.GetDocument(hit.DocumentId);
                    if (document is null) continue; // replaced by a later commit between the two reads
                    Assert.Equal(hit.Text, document.Text[hit.Start..hit.End]);
                    checkedHits++;
                }
                searches++;
            }
            var summary = await ingest;
            Assert.True(summary.Added > 90);
            Assert.True(checkedHits > 0);
            Assert.Equal(summary.Added - summary.Folded.Count, index.GetStatistics().Documents);
        }
    }

    [Fact]
    public async Task OpenForWriting_SecondWriter_IsToldPlainlyTheIndexIsHeld()
    {
        CopySeed("a01-qd-2019-ocean-offensive.txt");
        var (index, pipeline) = Open();
        using (index)
        {
            await pipeline.RunAsync(_source);
            using var other = new PolicyIndex(_indexPath);
            var error = Assert.Throws<IndexLockedException>(other.OpenForWriting);
            Assert.Contains("held by another PolicySearch process", error.Message);
            // Readers are not blocked by the writer.
            Assert.NotEmpty(other.Retrieve("海洋攻势", new SearchFilters(), 3).Candidates);
        }
    }

    [Fact]
    public async Task Run_ReportsEachStageInOrder_EachToItsEnd()
    {
        CopySeed("a01-qd-2019-ocean-offensive.txt");
        CopySeed("a08-qd-2021-projects-progress.txt");
        var (index, pipeline) = Open();
        using (index)
        {
            var reports = new List<IngestionProgress>();
            await pipeline.RunAsync(_source, new SynchronousProgress(reports.Add));
            // Stages follow one another (never interleaved), each with its own count, each ending done.
            var order = reports.Select(r => r.Stage).Aggregate(new List<string>(), (l, s) => { if (l.Count == 0 || l[^1] != s) l.Add(s); return l; });
            Assert.Equal(["reading", "fitting", "indexing", "merging"], order);
            foreach (var stage in order)
            {
                var last = reports.Last(r => r.Stage == stage);
                Assert.Equal(last.Total, last.Done);
            }
            Assert.Equal(2, reports.Last(r => r.Stage == "reading").Total);
        }
    }

    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => report(value);
    }
}
