using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

/// <summary>One question of an evaluation set (the format of ../shared/eval/qa-dev.jsonl).</summary>
public sealed record EvalQuestion(string Id, string Question, string Type, IReadOnlyList<string> GoldDocs, IReadOnlyList<string> Answers, IReadOnlyList<string> Quotes,
    IReadOnlyList<int> Years, IReadOnlyList<string> AnswerPerGoldDoc)
{
    /// <summary>Questions whose relevance is the document, not the sentence: keyword queries and CMRC paragraphs.</summary>
    public bool DocumentLevel => Type is "keyword" or "cmrc";

    /// <summary>What the question is held out with in cross-validation (its article), when the line says; else the question alone.</summary>
    public string? Group { get; init; }

    /// <summary>A validity question's verdict (现行有效, 已失效, 已废止, 尚未施行): the answer must say it.</summary>
    public string? Status { get; init; }

    /// <summary>The cross-validation fold of this question, as train-reader assigns it.</summary>
    public int Fold(int folds) => Group is { } group ? PolicySearch.Answering.Reader.TrainingQuestion.FoldOfGroup(group, folds) : PolicySearch.Answering.Reader.TrainingQuestion.FoldOf(Id, folds);

    public static EvalQuestion Parse(JsonObject o)
    {
        static List<string> Strings(JsonNode? node) => node switch
        {
            null => [],
            JsonArray a => a.Where(x => x is not null).Select(x => x!.ToString()).ToList(),
            _ => [node.ToString()],
        };
        return new EvalQuestion(
            o["id"]?.ToString() ?? "",
            o["question"]?.ToString() ?? "",
            o["type"]?.ToString() ?? "",
            Strings(o["gold_docs"]),
            Strings(o["answer"]).Concat(Strings(o["answers"])).Where(s => s.Length > 0).Distinct().ToList(),
            Strings(o["quote"]).Concat(Strings(o["quotes"])).Where(s => s.Length > 0).Distinct().ToList(),
            o["years"] is JsonArray years ? years.Select(y => y is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0).Where(y => y > 0).ToList() : [],
            Strings(o["answer"]).Concat(Strings(o["answers"])).ToList())
        {
            Group = o["group"]?.ToString(),
            Status = o["status"]?.ToString() is { Length: > 0 } status ? status : null,
        };
    }
}

public sealed record RetrievalMetrics(int Questions, double RecallAt1, double RecallAt5, double RecallAt20, double MrrAt10, double NdcgAt10);

public static class EvalCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var qa = new Option<string?>("--qa") { Description = "Question file (JSONL, the format of qa-dev.jsonl)" };
        var conversations = new Option<string?>("--conversations") { Description = "Conversation file (JSONL, the format of conversations-dev.jsonl): each turn asked with the earlier turns and the answers they got as history" };
        var mode = new Option<string>("--mode") { Description = "all, bm25, dense or hybrid", DefaultValueFactory = _ => "all" };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON" };
        var noAnswers = new Option<bool>("--no-answers") { Description = "Score retrieval only" };
        var details = new Option<string?>("--details") { Description = "Also write one JSON line per question to this file: the rank of its first relevant passage in each mode and, unless --no-answers, its answer and whether it hit" };
        var readerFolds = new Option<string?>("--reader-folds") { Description = "Answer each question with the reader model of its fold from this folder (train-reader --cv-out): a cross-validated score" };
        var command = new Command("eval", "Score retrieval and answers against a question set") { qa, conversations, CommonOptions.Index, mode, json, noAnswers, details, readerFolds };
        command.SetAction(parse =>
        {
            if (parse.GetValue(conversations) is { } conversationFile)
            {
                return ConversationEvaluator.Run(conversationFile, overrides, parse.GetValue(CommonOptions.Index), parse.GetValue(json), parse.GetValue(details));
            }
            if (parse.GetValue(qa) is not { } file) return SearchCommand.Fail("give --qa FILE (questions) or --conversations FILE");
            if (!File.Exists(file)) return SearchCommand.Fail($"question file {file} does not exist");
            var questions = File.ReadLines(file).Where(l => !string.IsNullOrWhiteSpace(l))
                .Select(l => EvalQuestion.Parse(JsonNode.Parse(l)!.AsObject())).ToList();
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index));
            var index = services.GetRequiredService<PolicyIndex>();
            if (!index.Exists) return SearchCommand.Fail($"no index at {index.IndexPath}: run ingest first");
            var searcher = services.GetRequiredService<PassageSearcher>();
            var requested = parse.GetValue(mode)!.ToLowerInvariant();
            var modes = requested == "all" ? searcher.AvailableModes.ToList() : [requested];
            var evaluator = new RetrievalEvaluator(index);
            var report = new JsonObject { ["questions"] = questions.Count, ["file"] = Path.GetFileName(file) };
            var modesJson = new JsonObject();
            var tables = new List<(string Mode, Dictionary<string, RetrievalMetrics> ByType, double KeywordShare)>();
            var perQuestion = questions.DistinctBy(q => q.Id).ToDictionary(q => q.Id, q => new JsonObject { ["id"] = q.Id, ["type"] = q.Type, ["question"] = q.Question, ["ranks"] = new JsonObject() });
            foreach (var m in modes)
            {
                Dictionary<string, RetrievalMetrics> byType;
                double keywordShare;
                try
                {
                    (byType, keywordShare) = evaluator.Evaluate(questions, q => searcher.Search(new SearchRequest(q.Question, new SearchFilters(), 20), m).Results,
                        (q, rank) => perQuestion[q.Id]["ranks"]![m] = rank);
                }
                catch (SearchModeUnavailableException ex)
                {
                    return SearchCommand.Fail(ex.Message);
                }
                tables.Add((m, byType, keywordShare));
                modesJson[m] = new JsonObject
                {
                    ["retrieval"] = JsonSerializer.SerializeToNode(byType, CliHost.Json),
                    ["keywordGoldShareTop10"] = keywordShare,
                };
            }
            report["modes"] = modesJson;
            Dictionary<string, AnswerMetrics>? answers = null;
            CompareMetrics? compare = null;
            if (!parse.GetValue(noAnswers))
            {
                var answerer = services.GetRequiredService<PolicySearch.Answering.AnswerService>();
                // Cross-validated: each question is answered by the model of its fold, trained without that fold.
                var folds = parse.GetValue(readerFolds) is { } foldFolder ? FoldServices(foldFolder, overrides, parse.GetValue(CommonOptions.Index)) : null;
                PolicySearch.Answering.AnswerService AnswererFor(EvalQuestion q) =>
                    folds is null ? answerer : folds[q.Fold(folds.Count)].GetRequiredService<PolicySearch.Answering.AnswerService>();
                report["split"] = Split(services, folds);
                if (!parse.GetValue(json)) Console.Error.WriteLine("eval: " + report["split"]);
                answers = new AnswerEvaluator(index, evaluator).Evaluate(questions,
                    q => AnswererFor(q).AskAsync(new PolicySearch.Answering.AskRequest(q.Question, new SearchFilters())).GetAwaiter().GetResult(),
                    (q, answer, score) => perQuestion[q.Id]["answer"] = new JsonObject
                    {
                        ["text"] = answer.AnswerText, ["abstained"] = answer.Abstained, ["hit"] = score.Hit, ["supported"] = score.Supported,
                        ["confidence"] = answer.Confidence,
                    });
                report["answers"] = JsonSerializer.SerializeToNode(answers, CliHost.Json);
                report["answerMode"] = answerer.DefaultMode;
                compare = folds is null
                    ? CompareEvaluator.Evaluate(questions, index, services.GetRequiredService<PolicySearch.Answering.YearComparer>())
                    : CompareEvaluator.Sum(folds.Select((f, k) => CompareEvaluator.Evaluate(
                        questions.Where(q => q.Fold(folds.Count) == k).ToList(), index,
                        f.GetRequiredService<PolicySearch.Answering.YearComparer>())));
                foreach (var f in folds ?? []) f.Dispose();
                if (compare is not null) report["compare"] = JsonSerializer.SerializeToNode(compare, CliHost.Json);
            }
            if (parse.GetValue(details) is { } detailsFile)
            {
                File.WriteAllLines(detailsFile, perQuestion.Values.Select(o => o.ToJsonString(CliHost.Json)));
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(report.ToJsonString(CliHost.Json));
                return 0;
            }
            Console.Write(Render(tables));
            if (answers is not null) Console.Write(RenderAnswers(answers));
            if (compare is not null)
            {
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"compare (questions without their years, --years from the set): {compare.Questions} questions, {compare.Cells} year cells: own answer {compare.OwnAnswer:F3}, another year's figure {compare.OtherYearFigure}, 未找到 {compare.Abstained}"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>One service set per fold model in the folder (fold-0.zip, fold-1.zip, …).</summary>
    private static List<ServiceProvider> FoldServices(string folder, Dictionary<string, string?> overrides, string? index)
    {
        var files = Enumerable.Range(0, 100).Select(k => Path.Combine(folder, $"fold-{k}.zip")).TakeWhile(File.Exists).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"no fold-0.zip in {folder}: run train-reader --cv-out {folder}");
        return files.Select(f => CliHost.Build(new Dictionary<string, string?>(overrides) { ["Answering:Reader"] = "model", ["Answering:ReaderModel"] = f }, index)).ToList();
    }

    /// <summary>What the answers were read with, and what that reader was trained on (the train/test split).</summary>
    private static string Split(ServiceProvider services, List<ServiceProvider>? folds)
    {
        if (folds is not null)
        {
            return $"answers cross-validated over {folds.Count} folds (a question's fold: a hash of its id); each fold answered by a reader trained without it " +
                $"({folds[0].GetRequiredService<PolicySearch.Answering.ExtractiveAnswerer>().SpanReader?.Settings.TrainedOn})";
        }
        return services.GetRequiredService<PolicySearch.Answering.ExtractiveAnswerer>().SpanReader is { } reader
            ? $"answers read by the reader trained on {reader.Settings.TrainedOn}: questions of those sets are not held out"
            : "answers read with the hand-written scores (Answering:Reader=rules)";
    }

    internal static string RenderAnswers(Dictionary<string, AnswerMetrics> answers)
    {
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"answers",-13}{"n",5} | {"hit",7}{"support",9}{"cite-ok",9}{"abstain",9}{"false-ab",9}{"length",8}");
        foreach (var (type, m) in answers.OrderBy(kv => kv.Key == "all" ? 1 : 0).ThenBy(kv => kv.Key))
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{type,-13}{m.Questions,5} | {m.Hit,7:F3}{m.Supported,9:F3}{m.CitationValidity,9:F3}{m.AbstentionOnUnanswerable,9:F3}{m.FalseAbstention,9:F3}{m.MeanLength,8:F1}");
        }
        return sb.ToString();
    }

    private static string Render(List<(string Mode, Dictionary<string, RetrievalMetrics> ByType, double KeywordShare)> tables)
    {
        var sb = new StringBuilder();
        var types = tables.SelectMany(t => t.ByType.Keys).Distinct().OrderBy(t => t == "all" ? 1 : 0).ThenBy(t => t).ToList();
        sb.Append(CultureInfo.InvariantCulture, $"{"type",-13}{"n",5}");
        foreach (var t in tables) sb.Append(CultureInfo.InvariantCulture, $" | {t.Mode + " R@1",10}{"R@5",7}{"R@20",7}{"MRR@10",8}{"nDCG@10",9}");
        sb.AppendLine();
        foreach (var type in types)
        {
            var n = tables.Select(t => t.ByType.GetValueOrDefault(type)?.Questions ?? 0).Max();
            sb.Append(CultureInfo.InvariantCulture, $"{type,-13}{n,5}");
            foreach (var t in tables)
            {
                var m = t.ByType.GetValueOrDefault(type);
                sb.Append(m is null ? $" | {"",41}" : string.Create(CultureInfo.InvariantCulture,
                    $" | {m.RecallAt1,10:F3}{m.RecallAt5,7:F3}{m.RecallAt20,7:F3}{m.MrrAt10,8:F3}{m.NdcgAt10,9:F3}"));
            }
            sb.AppendLine();
        }
        foreach (var t in tables.Where(t => t.ByType.ContainsKey("keyword")))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{t.Mode}: share of gold documents among the top 10 of keyword questions: {t.KeywordShare:F3}");
        }
        return sb.ToString();
    }
}

/// <summary>Retrieval metrics with the definitions of ../shared/eval/README.md.</summary>
public sealed class RetrievalEvaluator(PolicyIndex index)
{
    private readonly Dictionary<string, IReadOnlySet<string>> _filesOfDocument = new();

    /// <param name="ranked">Told each question's rank of its first relevant passage (0: none in the hits).</param>
    public (Dictionary<string, RetrievalMetrics> ByType, double KeywordShare) Evaluate(
        IReadOnlyList<EvalQuestion> questions, Func<EvalQuestion, IReadOnlyList<SearchHit>> search, Action<EvalQuestion, int>? ranked = null)
    {
        var rows = new List<(string Type, int Rank, double Ndcg)>();
        double keywordShareSum = 0;
        var keywordCount = 0;
        foreach (var q in questions.Where(q => q.GoldDocs.Count > 0))
        {
            var hits = search(q);
            var relevant = hits.Select(h => IsRelevant(q, h)).ToList();
            var rank = relevant.IndexOf(true) + 1;
            rows.Add((q.Type, rank, Ndcg(relevant, q)));
            ranked?.Invoke(q, rank);
            if (q.Type == "keyword")
            {
                var top10Docs = hits.Take(10).SelectMany(h => FilesOf(h.DocumentId)).ToHashSet();
                keywordShareSum += (double)q.GoldDocs.Count(top10Docs.Contains) / q.GoldDocs.Count;
                keywordCount++;
            }
        }
        var byType = rows.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => Metrics(g.ToList()));
        byType["all"] = Metrics(rows);
        return (byType, keywordCount == 0 ? 0 : keywordShareSum / keywordCount);
    }

    private static RetrievalMetrics Metrics(List<(string Type, int Rank, double Ndcg)> rows)
    {
        if (rows.Count == 0) return new RetrievalMetrics(0, 0, 0, 0, 0, 0);
        double Share(Func<int, bool> hit) => rows.Count(r => r.Rank > 0 && hit(r.Rank)) / (double)rows.Count;
        return new RetrievalMetrics(rows.Count, Share(r => r == 1), Share(r => r <= 5), Share(r => r <= 20),
            rows.Sum(r => r.Rank is > 0 and <= 10 ? 1.0 / r.Rank : 0) / rows.Count,
            rows.Average(r => r.Ndcg));
    }

    // Binary gains; the ideal ranking puts one relevant passage per gold document first.
    private static double Ndcg(List<bool> relevant, EvalQuestion q)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(10, relevant.Count); i++)
        {
            if (relevant[i]) dcg += 1 / Math.Log2(i + 2);
        }
        var ideal = Enumerable.Range(0, Math.Min(10, Math.Max(1, q.GoldDocs.Count))).Sum(i => 1 / Math.Log2(i + 2));
        return Math.Min(1, dcg / ideal);
    }

    public bool IsRelevant(EvalQuestion q, SearchHit hit)
    {
        if (!FilesOf(hit.DocumentId).Overlaps(q.GoldDocs)) return false;
        if (q.DocumentLevel) return true;
        var text = Normalize(hit.Text);
        if (q.Answers.Any(a => text.Contains(Normalize(a), StringComparison.Ordinal))) return true;
        var ascii = WithoutAscii(text);
        return q.Quotes.Any(quote => text.Contains(Normalize(quote), StringComparison.Ordinal)
            || ascii.Contains(WithoutAscii(Normalize(quote)), StringComparison.Ordinal));
    }

    public IReadOnlySet<string> FilesOf(string documentId)
    {
        if (_filesOfDocument.TryGetValue(documentId, out var files)) return files;
        var view = index.GetDocument(documentId);
        files = view is null ? new HashSet<string>() : new HashSet<string>(view.Alternates.Select(a => a.File).Append(view.File));
        _filesOfDocument[documentId] = files;
        return files;
    }

    public static string Normalize(string s)
    {
        var n = s.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(n.Length);
        foreach (var c in n)
        {
            if (!char.IsWhiteSpace(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    private static string WithoutAscii(string s) => new(s.Where(c => c > 0x7F).ToArray());
}
