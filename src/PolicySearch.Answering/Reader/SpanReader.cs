using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PolicySearch.Answering.Reader;

/// <summary>One candidate as the model reads it (and, in training, whether it holds the gold answer).</summary>
public sealed class ReaderRow
{
    public const int Width = 44;

    [VectorType(Width)] public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>One candidate as the ranker is trained on it: its grade among its question's candidates.</summary>
public sealed class RankRow
{
    [VectorType(ReaderRow.Width)] public float[] Features { get; set; } = [];

    public float Label { get; set; }

    [KeyType(uint.MaxValue - 1)] public uint GroupId { get; set; }
}

/// <summary>The model's raw score (log-odds); <see cref="ReaderSettings.Probability"/> calibrates it.</summary>
public sealed class ReaderScore
{
    public float Score { get; set; }
}

/// <summary>
/// What was chosen with the model on the training folds: how a score becomes a probability that the span
/// answers (1 / (1 + e^−(Slope × score + Intercept)), fitted on held-out questions' best candidates), how much a
/// longer span pays (the span ranked by is probability − LengthPenalty × length/100), and below which probability
/// the documents are taken not to answer.
/// </summary>
/// <param name="Ranked">A ranker (LambdaRank) ships beside the model and orders the candidates: the length penalty is then
/// in its score's units, and the calibrated model only decides whether to answer.</param>
public sealed record ReaderSettings(double LengthPenalty, double AbstainBelow, string TrainedOn, int Seed, IReadOnlyList<string> Features,
    double Slope = 1, double Intercept = 0, bool Ranked = false)
{
    public float Probability(float score) => (float)Calibrated(Slope, Intercept, score);

    /// <summary>The logistic curve that calibrates a score: 1 / (1 + e^−(slope × score + intercept)).</summary>
    public static double Calibrated(double slope, double intercept, double score) => 1 / (1 + Math.Exp(-(slope * score + intercept)));

    /// <summary>What a candidate is ranked by: its probability, less <paramref name="penalty"/> per 100 characters.</summary>
    public static double Penalised(double probability, double penalty, int length) => probability - penalty * length / 100.0;
}

/// <summary>
/// The learned reader: a LightGBM model (ML.NET) scoring each candidate span, and the calibrated probability that
/// it holds the answer. Trained by `train-reader` (see <see cref="ReaderTrainer"/>); shipped in the assembly.
/// </summary>
public sealed class SpanReader
{
    private readonly ThreadLocal<PredictionEngine<ReaderRow, ReaderScore>> _engines;
    private readonly ThreadLocal<PredictionEngine<ReaderRow, ReaderScore>>? _rankers;

    public SpanReader(ITransformer model, ReaderSettings settings, ITransformer? ranker = null)
    {
        var ml = new MLContext(seed: 0);
        // A prediction engine is not thread-safe: one per thread (requests run on many).
        _engines = new ThreadLocal<PredictionEngine<ReaderRow, ReaderScore>>(() => ml.Model.CreatePredictionEngine<ReaderRow, ReaderScore>(model));
        if (ranker is not null) _rankers = new ThreadLocal<PredictionEngine<ReaderRow, ReaderScore>>(() => ml.Model.CreatePredictionEngine<ReaderRow, ReaderScore>(ranker));
        Settings = settings;
    }

    public ReaderSettings Settings { get; }

    public const string ModelResource = "PolicySearch.Answering.Reader.reader.zip";
    public const string RankerResource = "PolicySearch.Answering.Reader.reader-rank.zip";
    public const string SettingsResource = "PolicySearch.Answering.Reader.reader.json";

    /// <summary>The reader shipped in this assembly; null when none was trained into it.</summary>
    public static SpanReader? LoadShipped()
    {
        var assembly = typeof(SpanReader).Assembly;
        using var model = assembly.GetManifestResourceStream(ModelResource);
        using var settings = assembly.GetManifestResourceStream(SettingsResource);
        using var ranker = assembly.GetManifestResourceStream(RankerResource);
        return model is null || settings is null ? null : Load(model, settings, ranker);
    }

    public static SpanReader Load(Stream model, Stream settings, Stream? ranker = null)
    {
        var ml = new MLContext(seed: 0);
        var transformer = ml.Model.Load(model, out _);
        var parsed = JsonSerializer.Deserialize<ReaderSettings>(settings) ?? throw new InvalidDataException("reader settings are empty");
        if (!parsed.Features.SequenceEqual(ReaderFeatures.Names))
        {
            throw new InvalidDataException("The reader model was trained on other features than this build computes: run train-reader.");
        }
        if (parsed.Ranked && ranker is null)
        {
            throw new InvalidDataException("The reader's settings name a ranker, but no ranker model was found beside the model: run train-reader.");
        }
        return new SpanReader(transformer, parsed, parsed.Ranked ? ml.Model.Load(ranker!, out _) : null);
    }

    /// <summary>The ranker's file beside a model file: reader.zip → reader-rank.zip.</summary>
    public static string RankerFile(string modelFile) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelFile))!, Path.GetFileNameWithoutExtension(modelFile) + "-rank.zip");

    public static SpanReader LoadFiles(string modelFile)
    {
        using var model = File.OpenRead(modelFile);
        using var settings = File.OpenRead(Path.ChangeExtension(modelFile, ".json"));
        using var ranker = File.Exists(RankerFile(modelFile)) ? File.OpenRead(RankerFile(modelFile)) : null;
        return Load(model, settings, ranker);
    }

    /// <summary>
    /// What each candidate is ranked by, in order: with a ranker, its score less the length penalty; else its
    /// probability (<paramref name="probabilities"/>) less the length penalty.
    /// </summary>
    public double[] Order(IReadOnlyList<ReaderFeatures> candidates, IReadOnlyList<float> probabilities, IReadOnlyList<int> lengths)
    {
        var ranks = RankScores(candidates);
        var order = new double[candidates.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = ReaderSettings.Penalised(ranks is null ? probabilities[i] : ranks[i], Settings.LengthPenalty, lengths[i]);
        }
        return order;
    }

    /// <summary>The ranker's raw scores, in order; null without a ranker.</summary>
    public float[]? RankScores(IReadOnlyList<ReaderFeatures> candidates) => _rankers is null ? null : Predict(_rankers.Value!, candidates);

    /// <summary>Each candidate's probability of holding the answer, in order.</summary>
    public float[] Score(IReadOnlyList<ReaderFeatures> candidates)
    {
        var scores = RawScores(candidates);
        for (var i = 0; i < scores.Length; i++) scores[i] = Settings.Probability(scores[i]);
        return scores;
    }

    /// <summary>Each candidate's raw score, in order (calibrated by the settings).</summary>
    public float[] RawScores(IReadOnlyList<ReaderFeatures> candidates) => Predict(_engines.Value!, candidates);

    private static float[] Predict(PredictionEngine<ReaderRow, ReaderScore> engine, IReadOnlyList<ReaderFeatures> candidates)
    {
        var row = new ReaderRow();
        var scores = new float[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            row.Features = candidates[i].Vector();
            scores[i] = engine.Predict(row).Score;
        }
        return scores;
    }

    /// <summary>Writes the model, its settings (.json) and, when given, the ranker (-rank.zip) beside it.</summary>
    public static void Save(ITransformer model, DataViewSchema schema, ReaderSettings settings, string modelFile, (ITransformer Model, DataViewSchema Schema)? ranker = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(modelFile))!);
        var ml = new MLContext(seed: 0);
        ml.Model.Save(model, schema, modelFile);
        if (ranker is { } r) ml.Model.Save(r.Model, r.Schema, RankerFile(modelFile));
        else if (File.Exists(RankerFile(modelFile))) File.Delete(RankerFile(modelFile));
        settings = settings with { Ranked = ranker is not null };
        File.WriteAllText(Path.ChangeExtension(modelFile, ".json"), JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true }));
    }
}
