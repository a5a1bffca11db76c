using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering.Reader;

/// <summary>A training question: its gold answers, and the group (article) it is held out with in cross-validation.</summary>
/// <summary>
/// A training question: its gold answers (none: the documents do not answer it), and the group (article) it is held
/// out with in cross-validation, or its fixed <see cref="Fold"/> (qa-dev's questions, so that `eval` scores each with
/// the model that did not see it).
/// </summary>
public sealed record TrainingQuestion(string Id, string Group, string Question, IReadOnlyList<string> Answers, int? Fold = null)
{
    /// <summary>The fold of a question set's line: the same in train-reader and eval.</summary>
    public static int FoldOf(string id, int folds) => (int)(ReaderTrainer.StableHash(id) % (uint)folds);

    /// <summary>The fold of a group of questions held out together (an article's).</summary>
    public static int FoldOfGroup(string group, int folds) => (int)(ReaderTrainer.StableHash(group) % (uint)folds);
}

/// <summary>A question's candidates with their labels; <see cref="Mismatched"/> when read over another question's passages.</summary>
public sealed record LabelledQuestion(TrainingQuestion Question, bool Mismatched, IReadOnlyList<ReaderFeatures> Features, IReadOnlyList<bool> Holds, IReadOnlyList<int> Lengths);

/// <summary>What cross-validation measured for one setting of the length penalty.</summary>
public sealed record ReaderFit(double LengthPenalty, double Hit, double MeanLength);

/// <summary>
/// Trains the span reader: LightGBM (binary, calibrated) on labelled candidates. Cross-validation by group chooses
/// the length penalty (the best hit rate; among equals, the shorter answers) and the abstention threshold (answering
/// the questions over their own passages, abstaining over another question's), then the model is fitted on all.
/// </summary>
public static class ReaderTrainer
{
    public static readonly double[] LengthPenalties = [0, 0.01, 0.02, 0.05, 0.1, 0.2];

    /// <summary>A candidate holds the answer when its text, folded as the index folds it, contains a gold answer.</summary>
    public static bool Holds(string candidate, IReadOnlyList<string> answers)
    {
        var text = Compact(ScriptNormalizer.FoldLower(candidate));
        return answers.Any(a => Compact(ScriptNormalizer.FoldLower(a)) is { Length: > 0 } answer && text.Contains(answer, StringComparison.Ordinal));
    }

    private static string Compact(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static ITransformer Fit(IEnumerable<LabelledQuestion> questions, int seed, double negativeShare, out DataViewSchema schema)
    {
        var ml = new MLContext(seed);
        var random = new Random(seed);
        var rows = new List<ReaderRow>();
        foreach (var q in questions)
        {
            for (var i = 0; i < q.Features.Count; i++)
            {
                // Every positive; a share of the (many) negatives, drawn with the seed.
                if (!q.Holds[i] && random.NextDouble() >= negativeShare) continue;
                rows.Add(new ReaderRow { Features = q.Features[i].Vector(), Label = q.Holds[i] });
            }
        }
        if (!rows.Any(r => r.Label) || rows.All(r => r.Label))
        {
            throw new InvalidOperationException($"Too little to train on: {rows.Count} candidates, {rows.Count(r => r.Label)} of them holding an answer.");
        }
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = 200,
            LearningRate = 0.08,
            NumberOfLeaves = 31,
            MinimumExampleCountPerLeaf = 40,
            Seed = seed,
            NumberOfThreads = Environment.ProcessorCount,
            Silent = true,
        });
        schema = data.Schema;
        return trainer.Fit(data);
    }

    /// <summary>What one fold's held-out questions showed: per length penalty, hits and lengths; the best probabilities.</summary>
    public sealed record FoldResult(int Fold, Dictionary<double, (int Hit, long Length, int Count)> ByPenalty, List<float> Answerable, List<float> Unanswerable);

    /// <summary>
    /// Group-wise cross-validation: each fold's questions scored by a model fitted on the others
    /// (<paramref name="foldModel"/> receives each such model).
    /// </summary>
    public static IReadOnlyList<FoldResult> CrossValidate(IReadOnlyList<LabelledQuestion> questions, int folds, int seed, double negativeShare,
        Action<string>? log = null, Action<int, ITransformer, DataViewSchema>? foldModel = null)
    {
        int FoldOf(LabelledQuestion q) => q.Question.Fold ?? TrainingQuestion.FoldOfGroup(q.Question.Group, folds);
        var results = new List<FoldResult>();
        for (var fold = 0; fold < folds; fold++)
        {
            var training = questions.Where(q => FoldOf(q) != fold).ToList();
            var heldOut = questions.Where(q => FoldOf(q) == fold).ToList();
            // A small set may leave a fold empty, or its complement without an answer to learn from.
            if (heldOut.Count == 0 || !training.Any(q => q.Holds.Any(h => h)))
            {
                log?.Invoke($"fold {fold + 1}/{folds} skipped: {heldOut.Count} held out, nothing to learn from without them");
                continue;
            }
            var model = Fit(training, seed, negativeShare, out var schema);
            foldModel?.Invoke(fold, model, schema);
            var reader = new SpanReader(model, new ReaderSettings(0, 0, "cross-validation", seed, ReaderFeatures.Names));
            var result = new FoldResult(fold, LengthPenalties.ToDictionary(l => l, _ => (0, 0L, 0)), [], []);
            foreach (var q in heldOut)
            {
                var p = reader.Score(q.Features);
                // Read over another question's passages, or a question no document answers: the reader should abstain.
                var unanswerable = q.Mismatched || q.Question.Answers.Count == 0;
                (unanswerable ? result.Unanswerable : result.Answerable).Add(p.Length == 0 ? 0 : p.Max());
                if (unanswerable || p.Length == 0) continue;
                foreach (var penalty in LengthPenalties)
                {
                    var best = Enumerable.Range(0, p.Length).MaxBy(i => p[i] - penalty * q.Lengths[i] / 100.0);
                    var (hit, length, count) = result.ByPenalty[penalty];
                    result.ByPenalty[penalty] = (hit + (q.Holds[best] ? 1 : 0), length + q.Lengths[best], count + 1);
                }
            }
            results.Add(result);
            log?.Invoke($"fold {fold + 1}/{folds} scored");
        }
        return results;
    }

    /// <summary>Hit rate and mean length per length penalty over the given folds' held-out questions.</summary>
    public static IReadOnlyList<ReaderFit> Fits(IEnumerable<FoldResult> folds)
    {
        var list = folds.ToList();
        return LengthPenalties.Select(l =>
        {
            var (hit, length, count) = (list.Sum(f => f.ByPenalty[l].Hit), list.Sum(f => f.ByPenalty[l].Length), list.Sum(f => f.ByPenalty[l].Count));
            return new ReaderFit(l, (double)hit / Math.Max(1, count), (double)length / Math.Max(1, count));
        }).ToList();
    }

    /// <summary>
    /// The settings chosen on the given folds: the best hit rate's length penalty (within 0.002 of it, the shorter
    /// answers), and the threshold answering the most answerable questions and abstaining on the most unanswerable.
    /// </summary>
    public static (double LengthPenalty, double AbstainBelow) Choose(IEnumerable<FoldResult> folds)
    {
        var list = folds.ToList();
        var fits = Fits(list);
        var bestHit = fits.Max(f => f.Hit);
        var penalty = fits.Where(f => f.Hit >= bestHit - 0.002).MinBy(f => f.MeanLength)!.LengthPenalty;
        var answerable = list.SelectMany(f => f.Answerable).ToList();
        var unanswerable = list.SelectMany(f => f.Unanswerable).ToList();
        var threshold = Enumerable.Range(1, 99).Select(t => t / 100.0)
            .MaxBy(t => answerable.Count(p => p >= t) / (double)Math.Max(1, answerable.Count) + unanswerable.Count(p => p < t) / (double)Math.Max(1, unanswerable.Count));
        return (penalty, threshold);
    }

    public static uint StableHash(string text)
    {
        var h = 2166136261u;
        foreach (var c in text) h = (h ^ c) * 16777619u;
        return h;
    }
}
