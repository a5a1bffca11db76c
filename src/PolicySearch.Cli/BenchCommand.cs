using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Embeddings;

namespace PolicySearch.Cli;

/// <summary>
/// Benchmarks on this machine (not timed tests): ingestion throughput in Chinese characters per second, beside plain
/// Lucene StandardAnalyzer indexing of the same passages, and query latency p50/p99.
/// </summary>
public static class BenchCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var source = new Option<string>("--source") { Description = "Documents to ingest (default: seeds/)", DefaultValueFactory = _ => RepositoryRoot.Resolve("seeds") };
        var qa = new Option<string?>("--qa") { Description = "Questions (qa-dev.jsonl format) to time; default: the documents' titles" };
        var rounds = new Option<int>("--rounds") { Description = "Query rounds", DefaultValueFactory = _ => 3 };
        var scale = new Option<int?>("--scale") { Description = "Instead of --source: a synthetic corpus of about this many passages, made of CMRC 2018 and seed sentences" };
        var cmrc = new Option<string>("--cmrc") { Description = "CMRC 2018 folder for --scale", DefaultValueFactory = _ => RepositoryRoot.Resolve("../shared/bench/cmrc2018") };
        var keep = new Option<string?>("--work") { Description = "Keep the corpus and index in this folder and reuse them next time (the ingest is then incremental)" };
        var restricted = new Option<bool>("--restricted")
        {
            Description = "With --scale: an access.json keeps one file in ten to a group, and queries are timed with security trimming (as anonymous) beside without",
        };
        var queriesOnly = new Option<bool>("--queries-only") { Description = "With --work: time queries on the index kept there, without ingesting again" };
        var command = new Command("bench", "Measure ingestion throughput and query latency") { source, qa, rounds, scale, cmrc, keep, queriesOnly, restricted };
        command.SetAction(async (parse, ct) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(source)!);
            var kept = parse.GetValue(keep);
            var work = kept is not null ? Path.GetFullPath(kept) : Path.Combine(Path.GetTempPath(), "policysearch-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var ranking = new ConfigurationBuilder().AddInMemoryCollection(overrides).Build()
                .GetSection(RankingOptions.Section).Get<RankingOptions>() ?? new RankingOptions();
            try
            {
                if (parse.GetValue(scale) is { } passages)
                {
                    folder = Path.Combine(work, "corpus");
                    if (!Directory.Exists(folder)) ScaleCorpus.Write(folder, passages, parse.GetValue(cmrc)!, RepositoryRoot.Resolve("seeds"));
                    var rules = Path.Combine(folder, PolicySearch.Retrieval.Access.AccessRules.FileName);
                    if (parse.GetValue(restricted)) File.WriteAllText(rules, """{"rules":[{"path":"scale-*3.txt","groups":["内部"]}]}""");
                    else File.Delete(rules);
                }
                if (parse.GetValue(queriesOnly) && (kept is null || !Directory.Exists(Path.Combine(work, "index"))))
                {
                    Console.Error.WriteLine("bench: --queries-only needs --work with an index kept by an earlier run");
                    return 2;
                }
                return await Run(folder, work, parse.GetValue(qa), parse.GetValue(rounds), ranking, parse.GetValue(queriesOnly), ct);
            }
            finally
            {
                if (kept is null && Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
        });
        return command;
    }

    private static async Task<int> Run(string folder, string work, string? qaFile, int rounds, RankingOptions ranking, bool queriesOnly, CancellationToken ct)
    {
        Directory.CreateDirectory(work);
        if (!queriesOnly) Console.Error.WriteLine($"bench: ingesting {folder} into a temporary index ({Environment.ProcessorCount} cores)");

        // 1. Our ingestion, end to end: read, decode, clean, split, analyse twice, commit.
        var clock = Stopwatch.StartNew();
        var indexPath = Path.Combine(work, "index");
        using var index = new PolicyIndex(indexPath, ranking.Thesaurus, ranking.KeywordFields, ranking.CommonTermFrequency);
        using var embeddings = new EmbeddingService(new EmbeddingOptions(), indexPath);
        var pipeline = new IngestionPipeline(index, Options.Create(new IngestionOptions { CommitBatchSize = 256 }), null, embeddings);
        var summary = queriesOnly ? null : await pipeline.RunAsync(folder, null, ct);
        var ingestSeconds = clock.Elapsed.TotalSeconds;

        // 2. The same passages through plain StandardAnalyzer.
        var passages = new List<string>();
        long chineseChars = 0;
        foreach (var file in index.GetSourceFiles().Where(f => f.Role == SourceFileRecord.RolePrimary))
        {
            var doc = index.GetDocument(file.DocumentId!)!;
            chineseChars += doc.Text.Count(IsCjk);
            passages.AddRange(doc.Passages.Select(p => doc.Text[p.Start..p.End]));
        }
        clock.Restart();
        if (!queriesOnly) StandardAnalyzerBaseline.Index(passages, Path.Combine(work, "baseline"));
        var baselineSeconds = clock.Elapsed.TotalSeconds;

        // 3. Query latency through the same searcher the API uses.
        var queries = qaFile is not null
            ? File.ReadLines(qaFile).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!["question"]!.ToString()).ToList()
            : index.GetSourceFiles().Where(f => f.Role == SourceFileRecord.RolePrimary).Select(f => index.GetDocument(f.DocumentId!)!.Title).ToList();
        var searcher = new PassageSearcher(index, Options.Create(ranking), embeddings);
        // As the API does after each ingest: latency is measured on warm ranking caches.
        clock.Restart();
        index.WarmCaches(embeddings.ModelId);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: ranking caches warmed in {clock.Elapsed.TotalSeconds:F1} s"));
        var latency = new Dictionary<string, List<double>>();
        var stages = new Dictionary<string, Dictionary<string, (double Total, int Count)>>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        string? currentMode = null;
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Name == "policysearch.search.stage.duration") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (currentMode is null) return;
            var stage = "";
            foreach (var tag in tags) if (tag.Key == "stage") stage = tag.Value?.ToString() ?? "";
            var byStage = stages.TryGetValue(currentMode, out var d) ? d : stages[currentMode] = new();
            var (total, count) = byStage.GetValueOrDefault(stage);
            byStage[stage] = (total + value, count + 1);
        });
        listener.Start();
        // The yardstick, timed in the same run on the same index: plain Lucene, no ranking of ours.
        foreach (var q in queries.Take(20)) index.RawLuceneSearch(q, 10);
        var raw = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var q in queries)
            {
                clock.Restart();
                index.RawLuceneSearch(q, 10);
                raw.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        raw.Sort();
        // Each query's time, every round, after a warm-up; sorted (for percentiles).
        List<double> Timed(string mode)
        {
            foreach (var q in queries.Take(20)) searcher.Search(new SearchRequest(q, new SearchFilters(), 10), mode); // warm-up
            var times = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                foreach (var q in queries)
                {
                    clock.Restart();
                    searcher.Search(new SearchRequest(q, new SearchFilters(), 10), mode);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            times.Sort();
            return times;
        }
        foreach (var mode in searcher.AvailableModes)
        {
            currentMode = mode;
            latency[mode] = Timed(mode);
            currentMode = null;
        }
        // Security trimming: the same queries as an anonymous caller, who may not see the restricted documents.
        var trimmed = new Dictionary<string, List<double>>();
        if (index.HasRestrictedDocuments)
        {
            using var anonymous = PolicySearch.Retrieval.Access.AccessScope.Enter(PolicySearch.Retrieval.Access.AccessScope.Public);
            foreach (var mode in searcher.AvailableModes)
            {
                clock.Restart();
                searcher.Search(new SearchRequest(queries[0], new SearchFilters(), 10), mode);
                var first = clock.Elapsed.TotalMilliseconds;
                trimmed[mode] = Timed(mode);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: first {mode} query as anonymous (reads what it may not see): {first:F0} ms"));
            }
        }

        // 4. Extractive answers and a compare batch (50 questions × 5 years), as the API and `compare --batch` run them.
        // The answerer as the API runs it by default: with the learned reader shipped in the assembly.
        clock.Restart();
        var reader = PolicySearch.Answering.Reader.SpanReader.LoadShipped();
        var readerLoad = clock.Elapsed.TotalMilliseconds;
        var answerer = new PolicySearch.Answering.ExtractiveAnswerer(searcher, index, Options.Create(new PolicySearch.Answering.AnsweringOptions()), reader);
        foreach (var q in queries.Take(20)) answerer.Ask(new PolicySearch.Answering.AskRequest(q, new SearchFilters()));
        var askTimes = new List<double>();
        foreach (var q in queries)
        {
            clock.Restart();
            answerer.Ask(new PolicySearch.Answering.AskRequest(q, new SearchFilters()));
            askTimes.Add(clock.Elapsed.TotalMilliseconds);
        }
        askTimes.Sort();
        using var noChat = new ServiceCollection().BuildServiceProvider();
        var comparer = new PolicySearch.Answering.YearComparer(new PolicySearch.Answering.AnswerService(answerer, noChat));
        var compareQuestions = Enumerable.Range(0, 50).Select(i => PolicySearch.Answering.QuestionYears.Strip(queries[i % queries.Count])).ToList();
        int[] compareYears = [2021, 2022, 2023, 2024, 2025];
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        clock.Restart();
        foreach (var q in compareQuestions) await comparer.CompareAsync(new PolicySearch.Answering.CompareRequest(q, compareYears, new SearchFilters()), ct);
        var compareSeconds = clock.Elapsed.TotalSeconds;
        var compareAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;

        var memory = GC.GetTotalMemory(forceFullCollection: true);
        var ours = chineseChars / ingestSeconds;
        var baseline = chineseChars / baselineSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"passages: {passages.Count}, Chinese characters: {chineseChars:N0}"));
        if (summary is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingested: {summary.Added} files added, {summary.Folded.Count} republished copies folded"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest (read, clean, split, SmartCn + bigrams, commit): {ingestSeconds:F2} s = {ours:N0} Chinese chars/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"StandardAnalyzer indexing of the same passages:        {baselineSeconds:F2} s = {baseline:N0} Chinese chars/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (ours / StandardAnalyzer throughput): {ours / baseline:F2}"));
        }
        var (rawP50, rawP99) = (Percentile(raw, 0.50), Percentile(raw, 0.99));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw Lucene (BooleanQuery of the words and bigrams, top 10 loaded) over {raw.Count} queries: p50 {rawP50:F2} ms, p99 {rawP99:F2} ms"));
        foreach (var (mode, times) in latency)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode} query latency over {times.Count} queries: p50 {Percentile(times, 0.50):F2} ms, p99 {Percentile(times, 0.99):F2} ms, max {times[^1]:F2} ms" +
                $" (× raw Lucene: p50 {Percentile(times, 0.50) / Math.Max(1e-3, rawP50):F1}, p99 {Percentile(times, 0.99) / Math.Max(1e-3, rawP99):F1})"));
            if (stages.TryGetValue(mode, out var byStage))
            {
                Console.WriteLine("    mean per stage: " + string.Join(", ", byStage.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.Total / kv.Value.Count:F2} ms"))));
            }
        }
        foreach (var (mode, times) in trimmed)
        {
            var all = latency[mode];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode} with security trimming (anonymous; {index.GetSourceFiles().Count(f => f.Groups.Count > 0)} restricted files) over {times.Count} queries: " +
                $"p50 {Percentile(times, 0.50):F2} ms, p99 {Percentile(times, 0.99):F2} ms (untrimmed: p50 {Percentile(all, 0.50):F2} ms, p99 {Percentile(all, 0.99):F2} ms)"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reader model: {(reader is null ? "none shipped (hand-written scores)" : $"loaded in {readerLoad:F0} ms")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"extractive ask latency over {askTimes.Count} questions: p50 {Percentile(askTimes, 0.50):F2} ms, p99 {Percentile(askTimes, 0.99):F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compare batch, 50 questions × 5 years (extractive): {compareSeconds:F2} s, {compareAllocated / 1024.0 / 1024.0:F0} MiB allocated, managed heap {heapBefore / 1024.0 / 1024.0:F0} MiB before; process peak working set {peakWorkingSet / 1024.0 / 1024.0:F0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap after warm-up: {memory / 1024.0 / 1024.0:F0} MiB; process working set {Environment.WorkingSet / 1024.0 / 1024.0:F0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"float dot products alone (SIMD), {passages.Count} vectors: 192-d {VectorScanBenchmark.FloatDotMs(passages.Count, 192):F2} ms, 512-d {VectorScanBenchmark.FloatDotMs(passages.Count, 512):F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"our dense scan (int8 first pass, exact top 100), {passages.Count} vectors: 192-d {VectorScanBenchmark.MedianMs(passages.Count, 192):F2} ms, 512-d {VectorScanBenchmark.MedianMs(passages.Count, 512):F2} ms"));
        if (embeddings.ModelId is { } model)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vectors: {model}, {index.VectorMemory(model) / 1024.0 / 1024.0:F1} MiB in memory"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frequent terms' postings kept decoded: {index.DecodedPostingsMemory / 1024.0 / 1024.0:F1} MiB"));
        return 0;
    }

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
