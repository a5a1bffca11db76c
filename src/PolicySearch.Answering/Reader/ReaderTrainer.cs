using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering.Reader;

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

/// <summary>What is chosen on held-out folds: the calibration of scores, the length penalty, the abstention threshold.</summary>
public sealed record ReaderChoice(double Slope, double Intercept, double LengthPenalty, double AbstainBelow)
{
    public double Probability(float score) => ReaderSettings.Calibrated(Slope, Intercept, score);
}

/// <summary>
/// Trains the span reader: LightGBM (binary: does the candidate hold the answer?). Cross-validation by group fits the
/// calibration of its scores (Platt: did the held-out questions' best candidates hold the answer?), the length
/// penalty (the best hit rate; among equals, the shorter answers) and the abstention threshold (the highest that
/// seldom abstains on a question over its own passages), then the model is fitted on all.
/// </summary>
public static class ReaderTrainer
{
    /// <summary>Penalties per 100 characters tried: in probability units, or in the ranker's score units (wider).</summary>
    public static readonly double[] LengthPenalties = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2];

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

    /// <summary>
    /// A held-out question and the scores (log-odds) its candidates got from a model that did not see it, and, with a
    /// ranker, the ranker's scores (which order them; the log-odds then only decide whether to answer).
    /// </summary>
    public sealed record HeldOut(LabelledQuestion Question, float[] Scores, float[]? RankScores = null)
    {
        /// <summary>Read over another question's passages, or no document answers it: the reader should abstain.</summary>
        public bool Unanswerable => Question.Mismatched || Question.Question.Answers.Count == 0;

        public int Best(ReaderChoice calibration, double penalty) => RankScores is { } ranks
            ? Enumerable.Range(0, ranks.Length).MaxBy(i => ReaderSettings.Penalised(ranks[i], penalty, Question.Lengths[i]))
            : Enumerable.Range(0, Scores.Length).MaxBy(i => ReaderSettings.Penalised(calibration.Probability(Scores[i]), penalty, Question.Lengths[i]));
    }

    /// <summary>
    /// A candidate's grade for the ranker: 1 when it holds the answer, 0 when it does not. (Grading the tightest
    /// holding spans higher, 2 for those at most 2× or 4× the shortest, taught it to pick short spans that miss:
    /// cross-validated hit 0.828 → 0.58 or 0.66, at 19 or 26 characters.)
    /// </summary>
    public static float[] Grades(LabelledQuestion q) => q.Holds.Select(h => h ? 1f : 0f).ToArray();

    /// <summary>
    /// A LambdaRank model (LightGBM) over each answerable question's candidates, graded by <see cref="Grades"/>: it
    /// learns which span to prefer among those of one question, not whether any answers.
    /// </summary>
    public static ITransformer FitRanker(IEnumerable<LabelledQuestion> questions, int seed, double negativeShare, out DataViewSchema schema)
    {
        var ml = new MLContext(seed);
        var random = new Random(seed);
        var rows = new List<RankRow>();
        uint group = 0;
        foreach (var q in questions.Where(q => q.Holds.Any(h => h)))
        {
            group++;
            var grades = Grades(q);
            for (var i = 0; i < q.Features.Count; i++)
            {
                if (grades[i] == 0 && random.NextDouble() >= negativeShare) continue;
                rows.Add(new RankRow { Features = q.Features[i].Vector(), Label = grades[i], GroupId = group });
            }
        }
        if (group == 0) throw new InvalidOperationException("Too little to train on: no question has a candidate holding its answer.");
        var data = ml.Data.LoadFromEnumerable(rows);
        schema = data.Schema;
        // Once a small set is ordered perfectly LightGBM grows trees without a split, which ML.NET cannot convert
        // (dotnet/machinelearning#5022, ArgumentNullException "items"): fewer rounds then, as many as it grows.
        for (var rounds = 200; ; rounds /= 2)
        {
            var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(RankRow.Label),
                FeatureColumnName = nameof(RankRow.Features),
                RowGroupColumnName = nameof(RankRow.GroupId),
                NumberOfIterations = rounds,
                LearningRate = 0.08,
                NumberOfLeaves = 31,
                // 40 as for the binary model; a small set (a bureau's own few questions) gets smaller leaves.
                MinimumExampleCountPerLeaf = Math.Clamp(rows.Count / 20, 2, 40),
                Seed = seed,
                NumberOfThreads = Environment.ProcessorCount,
                Silent = true,
            });
            try
            {
                return trainer.Fit(data);
            }
            catch (ArgumentNullException) when (rounds > 1)
            {
            }
        }
    }

    /// <summary>One fold's held-out questions, scored.</summary>
    public sealed record FoldResult(int Fold, IReadOnlyList<HeldOut> Questions);

    /// <summary>
    /// Group-wise cross-validation: each fold's questions scored by a model fitted on the others
    /// (<paramref name="foldModel"/> receives each such model).
    /// </summary>
    public static IReadOnlyList<FoldResult> CrossValidate(IReadOnlyList<LabelledQuestion> questions, int folds, int seed, double negativeShare,
        Action<string>? log = null, Action<int, ITransformer, DataViewSchema, (ITransformer, DataViewSchema)?>? foldModel = null, bool ranked = false)
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
            (ITransformer, DataViewSchema)? rankModel = ranked ? (FitRanker(training, seed, negativeShare, out var rankSchema), rankSchema) : null;
            foldModel?.Invoke(fold, model, schema, rankModel);
            var reader = new SpanReader(model, new ReaderSettings(0, 0, "cross-validation", seed, ReaderFeatures.Names, Ranked: ranked), rankModel?.Item1);
            results.Add(new FoldResult(fold, heldOut.Where(q => q.Features.Count > 0)
                .Select(q => new HeldOut(q, reader.RawScores(q.Features), reader.RankScores(q.Features))).ToList()));
            log?.Invoke($"fold {fold + 1}/{folds} scored");
        }
        return results;
    }

    /// <summary>Hit rate and mean length per length penalty over the given folds' held-out answerable questions.</summary>
    public static IReadOnlyList<ReaderFit> Fits(IEnumerable<FoldResult> folds, ReaderChoice calibration)
    {
        var answerable = folds.SelectMany(f => f.Questions).Where(q => !q.Unanswerable).ToList();
        return LengthPenalties.Select(penalty =>
        {
            var best = answerable.Select(q => (Q: q, I: q.Best(calibration, penalty))).ToList();
            var count = Math.Max(1, best.Count);
            return new ReaderFit(penalty, best.Count(b => b.Q.Question.Holds[b.I]) / (double)count, best.Sum(b => (double)b.Q.Question.Lengths[b.I]) / count);
        }).ToList();
    }

    /// <summary>The share of answerable held-out questions the abstention threshold may turn away.</summary>
    public const double MaxFalseAbstention = 0.03;

    /// <summary>
    /// The settings chosen on the given folds: the calibration (a logistic fit of whether each question's best
    /// candidate holds its answer; never for unanswerable ones), the best hit rate's length penalty (within 0.002
    /// of it, the shorter answers), and the highest abstention threshold that abstains on no more than
    /// <see cref="MaxFalseAbstention"/> of the answerable questions.
    /// </summary>
    public static ReaderChoice Choose(IEnumerable<FoldResult> folds)
    {
        var questions = folds.SelectMany(f => f.Questions).Where(q => q.Scores.Length > 0).ToList();
        var tops = questions.Select(q =>
        {
            var best = Enumerable.Range(0, q.Scores.Length).MaxBy(i => q.Scores[i]);
            return (Score: (double)q.Scores[best], Holds: !q.Unanswerable && q.Question.Holds[best]);
        }).ToList();
        var (slope, intercept) = Platt(tops);
        var calibration = new ReaderChoice(slope, intercept, 0, 0);
        var fits = Fits(folds, calibration);
        var bestHit = fits.Max(f => f.Hit);
        var penalty = fits.Where(f => f.Hit >= bestHit - 0.002).MinBy(f => f.MeanLength)!.LengthPenalty;
        var answerable = questions.Where(q => !q.Unanswerable).Select(q => calibration.Probability(q.Scores.Max())).ToList();
        // The highest threshold that turns away no more than a few of the questions the documents answer: an
        // unneeded "not found" costs the asker more than the rare wrong answer a lower one lets through.
        var threshold = Enumerable.Range(1, 99).Select(t => t / 100.0)
            .Where(t => answerable.Count(p => p < t) <= MaxFalseAbstention * answerable.Count)
            .DefaultIfEmpty(0.01).Max();
        return calibration with { LengthPenalty = penalty, AbstainBelow = threshold };
    }

    /// <summary>
    /// Platt scaling: the slope and intercept of a logistic curve from score to the chance of holding the answer,
    /// by Newton's method on the log-likelihood (targets smoothed as Platt does, so that no score maps to 0 or 1).
    /// </summary>
    public static (double Slope, double Intercept) Platt(IReadOnlyList<(double Score, bool Holds)> points)
    {
        var positives = points.Count(p => p.Holds);
        var (high, low) = ((positives + 1.0) / (positives + 2.0), 1.0 / (points.Count - positives + 2.0));
        double Loss(double a, double b) => points.Sum(p =>
        {
            var z = a * p.Score + b;
            var t = p.Holds ? high : low;
            // −[t log σ(z) + (1 − t) log(1 − σ(z))], written to stay finite for large |z|.
            return Math.Max(z, 0) - t * z + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        });
        double slope = 0, intercept = Math.Log((positives + 1.0) / (points.Count - positives + 1.0));
        var loss = Loss(slope, intercept);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            foreach (var (score, holds) in points)
            {
                var p = ReaderSettings.Calibrated(slope, intercept, score);
                var d = p - (holds ? high : low);
                var w = Math.Max(p * (1 - p), 1e-12);
                ga += d * score; gb += d;
                haa += w * score * score; hab += w * score; hbb += w;
            }
            var det = haa * hbb - hab * hab;
            if (det <= 1e-12) break;
            var (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
            // Newton's step, halved until the loss goes down (a full step can overshoot far from the optimum).
            var step = 1.0;
            while (step > 1e-6 && Loss(slope - step * da, intercept - step * db) > loss) step /= 2;
            if (step <= 1e-6) break;
            (slope, intercept) = (slope - step * da, intercept - step * db);
            var previous = loss;
            loss = Loss(slope, intercept);
            if (previous - loss < 1e-10 * Math.Max(1, previous)) break;
        }
        return (slope, intercept);
    }

    public static uint StableHash(string text)
    {
        var h = 2166136261u;
        foreach (var c in text) h = (h ^ c) * 16777619u;
        return h;
    }
}
