using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Answering;
using PolicySearch.Answering.Reader;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

/// <summary>
/// train-reader: rebuilds the span reader from public reading-comprehension data (DRCD dev and CMRC 2018 trial; never
/// CMRC 2018 dev, the test set), in the open-domain setting the answerer meets: every paragraph indexed, each question
/// answered from the passages retrieved for it. Its candidates over its own passages teach which span answers; over
/// another question's passages, when the documents do not answer.
/// </summary>
public static class TrainReaderCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var output = new Option<string>("--out") { Description = "Model file (a .json of its settings is written beside it)", DefaultValueFactory = _ => RepositoryRoot.Resolve("src/PolicySearch.Answering/Reader/reader.zip") };
        var seed = new Option<int>("--seed") { Description = "Seed for sampling and training", DefaultValueFactory = _ => 7 };
        var drcd = new Option<string>("--drcd") { Description = "DRCD dev (SQuAD format)", DefaultValueFactory = _ => RepositoryRoot.Resolve("../shared/bench/drcd/DRCD_dev.json") };
        var cmrc = new Option<string>("--cmrc-trial") { Description = "CMRC 2018 trial (SQuAD format)", DefaultValueFactory = _ => RepositoryRoot.Resolve("../shared/bench/cmrc2018/cmrc2018_trial.json") };
        var work = new Option<string?>("--work") { Description = "Keep the training corpus and index here (default: a temporary folder)" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (by article) for the length penalty and the abstention threshold", DefaultValueFactory = _ => 5 };
        var qaFile = new Option<string?>("--qa") { Description = "Also train on the bureau's own questions (qa-dev.jsonl format) over --seeds; 'none' to leave them out", DefaultValueFactory = _ => RepositoryRoot.Resolve("../shared/eval/qa-dev.jsonl") };
        var seeds = new Option<string>("--seeds") { Description = "The documents those questions are about", DefaultValueFactory = _ => RepositoryRoot.Resolve("seeds") };
        var cvOut = new Option<string?>("--cv-out") { Description = "Also write the fold models here (fold-K.zip: trained without the questions of fold K), for eval --reader-folds" };
        var ranker = new Option<bool>("--ranker") { Description = "Also train a LambdaRank model that orders each question's candidates (the calibrated model then only decides whether to answer); --ranker false for the calibrated model alone", DefaultValueFactory = _ => true };
        var command = new Command("train-reader", "Train the answer reader (LightGBM) on DRCD dev and CMRC 2018 trial, and the bureau's own questions") { output, seed, drcd, cmrc, work, folds, qaFile, seeds, cvOut, ranker };
        command.SetAction(async (parse, ct) =>
        {
            var clock = Stopwatch.StartNew();
            var kept = parse.GetValue(work);
            var folder = kept is not null ? Path.GetFullPath(kept) : Path.Combine(Path.GetTempPath(), "policysearch-reader-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var questions = new List<TrainingQuestion>();
                var corpus = Path.Combine(folder, "corpus");
                Directory.CreateDirectory(corpus);
                foreach (var source in new[] { parse.GetValue(drcd)!, parse.GetValue(cmrc)! })
                {
                    if (!File.Exists(source)) return SearchCommand.Fail($"{source} does not exist");
                    questions.AddRange(WriteSquad(source, corpus));
                }
                Console.Error.WriteLine($"train-reader: {questions.Count} questions; indexing their paragraphs");
                var settings = new Dictionary<string, string?>(overrides) { ["Answering:Reader"] = "rules" };
                using var services = CliHost.Build(settings, Path.Combine(folder, "index"), corpus);
                await services.GetRequiredService<IngestionPipeline>().RunAsync(corpus, null, ct);
                var searcher = services.GetRequiredService<PassageSearcher>();
                var answerer = services.GetRequiredService<ExtractiveAnswerer>();
                var passages = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnsweringOptions>>().Value.Passages;

                var labelled = Label(questions, searcher, answerer, passages, parse.GetValue(seed));
                var trainedOn = "DRCD dev + CMRC 2018 trial";
                var foldCount = parse.GetValue(folds);
                if (parse.GetValue(qaFile) is { } qa && qa != "none")
                {
                    if (!File.Exists(qa)) return SearchCommand.Fail($"{qa} does not exist (give --qa none to train on the public sets only)");
                    var bureau = File.ReadLines(qa).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => EvalQuestion.Parse(JsonNode.Parse(l)!.AsObject()))
                        // Questions over several years are answered year by year: their lines hold several years' answers.
                        .Where(q => q.Type is not ("compare" or "keyword"))
                        .Select(q => new TrainingQuestion(q.Id, "qa", q.Question, q.GoldDocs.Count == 0 ? [] : q.Answers, TrainingQuestion.FoldOf(q.Id, foldCount)))
                        .ToList();
                    using var bureauServices = CliHost.Build(settings, Path.Combine(folder, "seeds-index"), parse.GetValue(seeds));
                    await bureauServices.GetRequiredService<IngestionPipeline>().RunAsync(parse.GetValue(seeds)!, null, ct);
                    var bureauAnswerer = bureauServices.GetRequiredService<ExtractiveAnswerer>();
                    labelled.AddRange(Label(bureau, bureauServices.GetRequiredService<PassageSearcher>(), bureauAnswerer, passages, parse.GetValue(seed), mismatchedToo: false));
                    trainedOn += $" + {Path.GetFileName(qa)} ({bureau.Count} questions)";
                    Console.Error.WriteLine($"train-reader: {bureau.Count} questions of {Path.GetFileName(qa)} over {parse.GetValue(seeds)}");
                }
                var rows = labelled.Sum(q => q.Features.Count);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"train-reader: {rows:N0} candidates ({labelled.Sum(q => q.Holds.Count(h => h)):N0} holding an answer) in {clock.Elapsed.TotalSeconds:F0} s"));

                // The ceiling: how often some candidate holds an answer at all, and how short the shortest such is.
                var answerable = labelled.Where(q => !q.Mismatched && q.Question.Answers.Count > 0).ToList();
                var reachable = answerable.Where(q => q.Holds.Any(h => h)).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"candidates hold an answer for {reachable.Count / (double)Math.Max(1, answerable.Count):F3} of {answerable.Count} questions; the shortest such averages {(reachable.Count == 0 ? 0 : reachable.Average(q => Enumerable.Range(0, q.Holds.Count).Where(i => q.Holds[i]).Min(i => q.Lengths[i]))):F1} chars"));

                var cvFolder = parse.GetValue(cvOut);
                var foldModels = new Dictionary<int, (Microsoft.ML.ITransformer Model, Microsoft.ML.DataViewSchema Schema, (Microsoft.ML.ITransformer, Microsoft.ML.DataViewSchema)? Ranker)>();
                var results = ReaderTrainer.CrossValidate(labelled, foldCount, parse.GetValue(seed), NegativeShare, m => Console.Error.WriteLine("train-reader: " + m),
                    cvFolder is null ? null : (k, model, schema, rank) => foldModels[k] = (model, schema, rank), parse.GetValue(ranker));
                var choice = ReaderTrainer.Choose(results);
                foreach (var fit in ReaderTrainer.Fits(results, choice))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"length penalty {fit.LengthPenalty,5:F2}: cross-validated hit {fit.Hit:F3} at {fit.MeanLength:F1} chars"));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"chosen: length penalty {choice.LengthPenalty:F2}; abstain below {choice.AbstainBelow:F2}; probability = logistic({choice.Slope:F3} × score {choice.Intercept:+0.000;-0.000})"));
                var heldOut = results.SelectMany(r => r.Questions).ToList();
                // Each source apart (DRCD dev, CMRC 2018 trial, the bureau's questions): held-out hit and length at the chosen penalty.
                foreach (var source in heldOut.Where(q => !q.Unanswerable).GroupBy(q => q.Question.Question.Group.Split(':')[0]))
                {
                    var picks = source.Select(q => (Q: q, I: q.Best(choice, choice.LengthPenalty))).ToList();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {source.Key}: cross-validated hit {picks.Average(p => p.Q.Question.Holds[p.I] ? 1.0 : 0.0):F3} at {picks.Average(p => (double)p.Q.Question.Lengths[p.I]):F1} chars over {picks.Count} questions"));
                }
                double Below(bool unanswerable) => heldOut.Where(q => q.Unanswerable == unanswerable && q.Scores.Length > 0)
                    .Select(q => choice.Probability(q.Scores.Max())).DefaultIfEmpty(0).Average(p => p < choice.AbstainBelow ? 1.0 : 0.0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"cross-validated at that threshold: abstains on {Below(true):F3} of questions read over passages that do not answer them, on {Below(false):F3} of those that do"));
                foreach (var (k, (foldModel, foldSchema, foldRanker)) in foldModels)
                {
                    // A fold's model comes with the settings the other folds chose: nothing of fold K was fitted on it.
                    var foldChoice = ReaderTrainer.Choose(results.Where(r => r.Fold != k));
                    SpanReader.Save(foldModel, foldSchema, Settings(foldChoice, $"{trainedOn}, without fold {k} of {foldCount}", parse.GetValue(seed)),
                        Path.Combine(cvFolder!, $"fold-{k}.zip"), foldRanker);
                }
                if (cvFolder is not null) Console.WriteLine($"wrote {foldModels.Count} fold models to {cvFolder}");

                var model = ReaderTrainer.Fit(labelled, parse.GetValue(seed), NegativeShare, out var schema);
                (Microsoft.ML.ITransformer, Microsoft.ML.DataViewSchema)? rankModel = parse.GetValue(ranker)
                    ? (ReaderTrainer.FitRanker(labelled, parse.GetValue(seed), NegativeShare, out var rankSchema), rankSchema)
                    : null;
                var file = Path.GetFullPath(parse.GetValue(output)!);
                SpanReader.Save(model, schema, Settings(choice, trainedOn, parse.GetValue(seed)), file, rankModel);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {file} ({new FileInfo(file).Length / 1024} KiB) in {clock.Elapsed.TotalSeconds:F0} s"));
                return 0;
            }
            catch (InvalidOperationException ex) when (ex.Message.StartsWith("Too little to train on", StringComparison.Ordinal))
            {
                return SearchCommand.Fail(ex.Message);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex.InnerException is DllNotFoundException)
            {
                // Microsoft.ML.LightGbm ships no native library for linux-arm64: answering needs none (the model scores
                // in managed code), training does.
                return SearchCommand.Fail($"training needs LightGBM's native library, which is not available on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}: " +
                    "train on an x64 machine and copy the file it writes (Answering:ReaderModel)");
            }
            finally
            {
                if (kept is null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    private static ReaderSettings Settings(ReaderChoice choice, string trainedOn, int seed) =>
        new(choice.LengthPenalty, choice.AbstainBelow, trainedOn, seed, ReaderFeatures.Names, choice.Slope, choice.Intercept);

    /// <summary>Negatives kept for training (they outnumber positives many times over).</summary>
    private const double NegativeShare = 0.2;

    /// <summary>Writes each paragraph as `{id}.txt` (title, blank line, paragraph) and returns its questions.</summary>
    private static IEnumerable<TrainingQuestion> WriteSquad(string file, string corpus)
    {
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        var result = new List<TrainingQuestion>();
        foreach (var article in root["data"]!.AsArray())
        {
            var title = article!["title"]?.ToString() ?? "";
            var group = Path.GetFileNameWithoutExtension(file) + ":" + (article["id"]?.ToString() ?? title);
            foreach (var paragraph in article["paragraphs"]!.AsArray())
            {
                var id = paragraph!["id"]!.ToString();
                File.WriteAllText(Path.Combine(corpus, id + ".txt"), title + "\n\n" + paragraph["context"]!.ToString());
                foreach (var q in paragraph["qas"]!.AsArray())
                {
                    var answers = q!["answers"]!.AsArray().Select(a => a!["text"]!.ToString()).Where(a => a.Length > 0).Distinct().ToList();
                    if (answers.Count > 0 && !string.IsNullOrWhiteSpace(q["question"]?.ToString())) result.Add(new TrainingQuestion(q["id"]!.ToString(), group, q["question"]!.ToString(), answers));
                }
            }
        }
        return result;
    }

    /// <summary>Each question's candidates over its own passages, and over the passages of a question from another article.</summary>
    private static List<LabelledQuestion> Label(List<TrainingQuestion> questions, PassageSearcher searcher, ExtractiveAnswerer answerer, int passages, int seed, bool mismatchedToo = true)
    {
        var hits = new IReadOnlyList<SearchHit>[questions.Count];
        Parallel.For(0, questions.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            hits[i] = searcher.Search(new SearchRequest(questions[i].Question, new SearchFilters(), passages)).Results);
        var random = new Random(seed);
        var labelled = new LabelledQuestion?[questions.Count * 2];
        var others = Enumerable.Range(0, questions.Count).Select(i =>
        {
            for (var tries = 0; tries < 20; tries++)
            {
                var j = random.Next(questions.Count);
                if (questions[j].Group != questions[i].Group) return j;
            }
            return (i + questions.Count / 2) % questions.Count;
        }).ToArray();
        Parallel.For(0, questions.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            labelled[2 * i] = Read(questions[i], answerer.Candidates(questions[i].Question, hits[i]), mismatched: false);
            if (!mismatchedToo) return;
            labelled[2 * i + 1] = Read(questions[i], answerer.Candidates(questions[i].Question, hits[others[i]]), mismatched: true);
        });
        return labelled.Where(l => l is not null).Select(l => l!).ToList();
    }

    /// <summary>
    /// A question's candidates with their labels. Over another article's passages (<paramref name="mismatched"/>)
    /// nothing answers: a gold string found there by chance is not counted.
    /// </summary>
    private static LabelledQuestion Read(TrainingQuestion q, IReadOnlyList<ExtractiveAnswerer.Candidate> candidates, bool mismatched) =>
        new(q, mismatched, candidates.Select(c => c.Features).ToList(), candidates.Select(c => !mismatched && ReaderTrainer.Holds(c.Text, q.Answers)).ToList(),
            candidates.Select(c => c.End - c.Start).ToList());
}
