using System.Text.Json;
using System.Text.Json.Nodes;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-cli-");
    private readonly string _source;
    private readonly string _index;

    public CliTests()
    {
        _source = _temp.Sub("seeds");
        _index = _temp.Sub("index");
        foreach (var f in new[] { "000_53baf1169bf9d7be.txt", "a05-qd-2020-sanmin-hutai.txt", "a09-qd-2021-hutai-response.html", "c03-yt-2023-work-conference-gb18030.txt" })
        {
            File.Copy(TestPaths.SeedFile(f), Path.Combine(_source, f));
        }
        File.WriteAllText(Path.Combine(_source, "notes.xlsx"), "not a document we read");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ingest_Folder_PrintsSummaryWithSkippedReasonsAndExitsZero()
    {
        var result = await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("added: 4, updated: 0, unchanged: 0, removed: 0, skipped: 1", result.StdOut);
        Assert.Contains("notes.xlsx: unsupported file type", result.StdOut);

        var again = await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index, "--json");
        Assert.Equal(0, again.ExitCode);
        var summary = JsonNode.Parse(again.StdOut)!;
        Assert.Equal(4, summary["unchanged"]!.GetValue<int>());
        Assert.Equal(0, summary["added"]!.GetValue<int>());
    }

    [Fact]
    public async Task Search_Json_StdoutIsOnlyJson()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var result = await CliRunner.RunAsync("search", "浒苔 打捞", "--index", _index, "--json", "--top", "3");
        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.StdOut)!;
        var results = json["results"]!.AsArray();
        Assert.InRange(results.Count, 1, 3);
        Assert.Equal(1, results[0]!["rank"]!.GetValue<int>());
        Assert.Contains("<mark>", results[0]!["highlight"]!.ToString());
        Assert.EndsWith(".txt", results.Select(r => r!["file"]!.ToString()).First(f => f.StartsWith("a05")));
    }

    [Fact]
    public async Task SearchBatch_OneLinePerQueryInOrder_BadLinesNamed()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var batch = Path.Combine(_temp.Path, "queries.jsonl");
        File.WriteAllLines(batch,
        [
            """{"id":"q1","query":"浒苔","year":2021}""",
            """{"id":"q2","query":"烟台 重点项目","top":2}""",
            "this is not json",
            """{"id":"q4","query":"2024年 海洋重点项目"}""",
        ]);
        var result = await CliRunner.RunAsync("search", "--batch", batch, "--index", _index);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["q1", "q2", "line3", "q4"], lines.Select(l => l["id"]!.ToString()));
        Assert.All(lines[0]["results"]!.AsArray(), r => Assert.Equal(2021, r!["year"]!.GetValue<int>()));
        Assert.True(lines[1]["results"]!.AsArray().Count <= 2);
        Assert.NotNull(lines[2]["error"]);
        Assert.Contains(":3:", result.StdErr);
    }

    [Fact]
    public async Task Ingest_WhileAnotherProcessHoldsTheIndex_SaysSoPlainly()
    {
        using var holder = new PolicyIndex(_index);
        holder.OpenForWriting();
        var result = await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("held by another PolicySearch process", result.StdErr);
    }

    [Fact]
    public async Task Ingest_ReadOnlyIndex_ExitsFourWithAPlainMessage()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index)).ExitCode);
        File.Copy(TestPaths.SeedFile("a06-qd-2021-work-conference.txt"), Path.Combine(_source, "a06-qd-2021-work-conference.txt"));

        CliResult result;
        using (Unprivileged.ReadOnly(_index))
        {
            result = await CliRunner.RunUnprivilegedAsync("ingest", "--source", _source, "--index", _index);
        }

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("cannot be written", result.StdErr);
        Assert.DoesNotContain("Unhandled exception", result.StdErr);
        // Nothing was lost: the index still holds what it held, and a writable run adds the new file.
        var again = await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index, "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(1, JsonNode.Parse(again.StdOut)!["added"]!.GetValue<int>());
    }

    [Fact]
    public async Task Search_UnavailableMode_IsAClearError()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var result = await CliRunner.RunAsync("search", "浒苔", "--index", _index, "--mode", "nonsense");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nonsense", result.StdErr);
        Assert.Empty(result.StdOut.Trim());
    }

    [Fact]
    public async Task Eval_QuestionFile_PrintsMetricsPerType()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var qa = QuestionFile(
            new { id = "t1", question = "2020年浒苔陆上清理与海上打捞之比是多少？", type = "number", gold_docs = new[] { "a05-qd-2020-sanmin-hutai.txt" }, answer = "1:30" },
            new { id = "t2", question = "烟台2023年部署实施多少个海洋重点项目？", type = "number", gold_docs = new[] { "c03-yt-2023-work-conference-gb18030.txt" }, answer = "46个" });
        var result = await CliRunner.RunAsync("eval", "--qa", qa, "--index", _index, "--json");
        Assert.Equal(0, result.ExitCode);
        var all = JsonNode.Parse(result.StdOut)!["modes"]!["bm25"]!["retrieval"]!["all"]!;
        Assert.Equal(2, all["questions"]!.GetValue<int>());
        Assert.Equal(1.0, all["recallAt5"]!.GetValue<double>());
    }

    [Fact]
    public async Task Eval_Details_WritesEachQuestionsRanksAndAnswer()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var qa = QuestionFile(
            new { id = "found", question = "烟台2023年部署实施多少个海洋重点项目？", type = "number", gold_docs = new[] { "c03-yt-2023-work-conference-gb18030.txt" }, answer = "46个" },
            new { id = "wrong-doc", question = "烟台2023年部署实施多少个海洋重点项目？", type = "number", gold_docs = new[] { "a05-qd-2020-sanmin-hutai.txt" }, answer = "999个" });
        var details = Path.Combine(_temp.Path, "details.jsonl");
        var result = await CliRunner.RunAsync("eval", "--qa", qa, "--index", _index, "--mode", "bm25", "--details", details);
        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(details).Select(l => JsonNode.Parse(l)!).ToDictionary(n => n["id"]!.GetValue<string>());
        Assert.Equal(["found", "wrong-doc"], lines.Keys.Order());
        Assert.InRange(lines["found"]["ranks"]!["bm25"]!.GetValue<int>(), 1, 5);
        Assert.True(lines["found"]["answer"]!["hit"]!.GetValue<bool>());
        Assert.Contains("46个", lines["found"]["answer"]!["text"]!.GetValue<string>());
        // No passage of its gold document states its answer: no rank (0), and the answer does not hit.
        Assert.Equal(0, lines["wrong-doc"]["ranks"]!["bm25"]!.GetValue<int>());
        Assert.False(lines["wrong-doc"]["answer"]!["hit"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EvalConversations_AsksEachTurnWithTheEarlierOnes_AndScoresThemApart()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var conversation = new
        {
            id = "c1",
            type = "followup",
            turns = new object[]
            {
                new { question = "2024年计划推进多少个海洋重点项目？", gold_docs = new[] { "000_53baf1169bf9d7be.txt" }, answer = "140个" },
                new { question = "烟台2023年呢？", gold_docs = new[] { "c03-yt-2023-work-conference-gb18030.txt" }, answer = "46个" },
            },
        };
        var file = Path.Combine(_temp.Path, "conversations.jsonl");
        File.WriteAllText(file, JsonSerializer.Serialize(conversation) + "\n");
        var details = Path.Combine(_temp.Path, "conversation-details.jsonl");
        var result = await CliRunner.RunAsync("eval", "--conversations", file, "--index", _index, "--details", details, "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var answers = JsonNode.Parse(result.StdOut)!["answers"]!;
        Assert.Equal(1, answers["first turn"]!["questions"]!.GetValue<int>());
        Assert.Equal(1, answers["later turn"]!["questions"]!.GetValue<int>());
        Assert.Equal(1, answers["later, no history"]!["questions"]!.GetValue<int>());
        var lines = File.ReadAllLines(details).Select(l => JsonNode.Parse(l)!).ToList();
        // The later turn was read against the first: a new year and place in the earlier question.
        Assert.Equal("2023年烟台计划推进多少个海洋重点项目？", lines.Single(l => l["type"]!.ToString() == "later turn")["resolvedQuestion"]!.ToString());
        Assert.Null(lines.Single(l => l["type"]!.ToString() == "later, no history")["resolvedQuestion"]);
    }

    /// <summary>A question file in the format of qa-dev.jsonl, one line per question.</summary>
    private string QuestionFile(params object[] questions)
    {
        var path = Path.Combine(_temp.Path, "qa.jsonl");
        File.WriteAllLines(path, questions.Select(q => JsonSerializer.Serialize(q)));
        return path;
    }

    [Fact]
    public async Task Ingest_KilledWithSigkill_NextRunCompletesWithNothingLostOrDuplicated()
    {
        // A corpus big enough that the kill lands mid-run: the CMRC paragraphs, laid out as files.
        var corpus = _temp.Sub("cmrc");
        var prepared = await CliRunner.RunAsync("prepare-cmrc", "--data", Path.Combine(TestPaths.Shared, "bench", "cmrc2018"), "--out", corpus);
        Assert.Equal(0, prepared.ExitCode);
        var source = Path.Combine(corpus, "corpus");
        var files = Directory.GetFiles(source).Length;

        using (var process = CliRunner.Start("ingest", "--source", source, "--index", _index, "--Ingestion:CommitBatchSize=50"))
        {
            // Wait until at least one batch is committed, then kill without warning.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && !process.HasExited && Directory.GetFiles(_index, "segments_*").Length == 0) await Task.Delay(50);
            while (DateTime.UtcNow < deadline && !process.HasExited && CommittedFiles() < 50) await Task.Delay(50);
            Assert.False(process.HasExited, "the ingest finished before it could be killed");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var partial = CommittedFiles();
        Assert.InRange(partial, 1, files - 1);

        var rerun = await CliRunner.RunAsync("ingest", "--source", source, "--index", _index, "--json");
        Assert.Equal(0, rerun.ExitCode);
        var summary = JsonNode.Parse(rerun.StdOut)!;
        Assert.Equal(files - partial, summary["added"]!.GetValue<int>());
        Assert.Equal(partial, summary["unchanged"]!.GetValue<int>());
        using var index = new PolicyIndex(_index);
        var stats = index.GetStatistics();
        Assert.Equal(files, stats.Documents);
        Assert.Equal(files, stats.SourceFiles);
        // Every paragraph is findable exactly once by its own opening words.
        var sample = Directory.GetFiles(source).Order().Where((_, i) => i % 97 == 0).ToList();
        foreach (var file in sample)
        {
            var text = File.ReadAllText(file).Split("\n\n", 2)[1];
            var hits = index.Retrieve(text[..Math.Min(40, text.Length)], new SearchFilters(), 20).Candidates
                .Where(c => c.File == Path.GetFileName(file)).Select(c => c.PassageId).ToList();
            Assert.NotEmpty(hits);
            Assert.Equal(hits.Count, hits.Distinct().Count());
        }
    }

    private int CommittedFiles()
    {
        try
        {
            using var index = new PolicyIndex(_index);
            return index.Exists ? index.GetStatistics().SourceFiles : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    [Fact]
    public async Task Compare_CsvAndChart_ExcelReadyFileAndOnePointPerYearWithAFigure()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var csv = Path.Combine(_temp.Path, "compare.csv");
        var svg = Path.Combine(_temp.Path, "chart.svg");
        var result = await CliRunner.RunAsync("compare", "浒苔打捞量是多少？", "--years", "2020,2021", "--index", _index, "--out", csv, "--chart", svg);
        Assert.Equal(0, result.ExitCode);

        var bytes = File.ReadAllBytes(csv);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("year,answer,abstained,figure,value,unit,document,date,file", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2020,", lines[1]);
        Assert.StartsWith("2021,", lines[2]);

        var chart = System.Xml.Linq.XDocument.Load(svg);
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var labels = chart.Descendants(ns + "text").Where(t => (string?)t.Attribute("class") == "year").Select(t => t.Value);
        Assert.Equal(["2020", "2021"], labels);
        Assert.All(chart.Descendants(ns + "circle"), c => Assert.Contains((string)c.Attribute("data-year")!, new[] { "2020", "2021" }));
    }

    [Fact]
    public async Task CompareBatch_BadLinesNamed_OtherLinesStillRun()
    {
        await CliRunner.RunAsync("ingest", "--source", _source, "--index", _index);
        var batch = Path.Combine(_temp.Path, "compare.jsonl");
        File.WriteAllLines(batch,
        [
            """{"id":"c1","question":"浒苔打捞量是多少？","years":[2020,2021]}""",
            "{not json",
            """{"id":"c3","question":"海洋重点项目有多少个？","years":[1700]}""",
            "海洋重点项目有多少个？",
        ]);
        var output = Path.Combine(_temp.Path, "compare-out.jsonl");
        var result = await CliRunner.RunAsync("compare", "--batch", batch, "--years", "2023,2024", "--format", "json", "--out", output, "--index", _index);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(":2:", result.StdErr);
        Assert.Contains(":3:", result.StdErr);
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["c1", "line4"], lines.Select(l => l["id"]!.ToString()));
        Assert.Equal([2020, 2021], lines[0]["years"]!.AsArray().Select(y => y!["year"]!.GetValue<int>()));
        Assert.Equal([2023, 2024], lines[1]["years"]!.AsArray().Select(y => y!["year"]!.GetValue<int>()));

        var empty = Path.Combine(_temp.Path, "empty.txt");
        File.WriteAllText(empty, "\n\n");
        var none = await CliRunner.RunAsync("compare", "--batch", empty, "--years", "2023", "--index", _index);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no questions", none.StdErr);
    }
}
