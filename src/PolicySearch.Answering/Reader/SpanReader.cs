using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PolicySearch.Answering.Reader;

/// <summary>One candidate as the model reads it (and, in training, whether it holds the gold answer).</summary>
public sealed class ReaderRow
{
    public const int Width = 36;

    [VectorType(Width)] public float[] Features { get; set; } = [];

    public bool Label { get; set; }
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
public sealed record ReaderSettings(double LengthPenalty, double AbstainBelow, string TrainedOn, int Seed, IReadOnlyList<string> Features,
    double Slope = 1, double Intercept = 0)
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

    public SpanReader(ITransformer model, ReaderSettings settings)
    {
        var ml = new MLContext(seed: 0);
        // A prediction engine is not thread-safe: one per thread (requests run on many).
        _engines = new ThreadLocal<PredictionEngine<ReaderRow, ReaderScore>>(() => ml.Model.CreatePredictionEngine<ReaderRow, ReaderScore>(model));
        Settings = settings;
    }

    public ReaderSettings Settings { get; }

    public const string ModelResource = "PolicySearch.Answering.Reader.reader.zip";
    public const string SettingsResource = "PolicySearch.Answering.Reader.reader.json";

    /// <summary>The reader shipped in this assembly; null when none was trained into it.</summary>
    public static SpanReader? LoadShipped()
    {
        var assembly = typeof(SpanReader).Assembly;
        using var model = assembly.GetManifestResourceStream(ModelResource);
        using var settings = assembly.GetManifestResourceStream(SettingsResource);
        return model is null || settings is null ? null : Load(model, settings);
    }

    public static SpanReader Load(Stream model, Stream settings)
    {
        var ml = new MLContext(seed: 0);
        var transformer = ml.Model.Load(model, out _);
        var parsed = JsonSerializer.Deserialize<ReaderSettings>(settings) ?? throw new InvalidDataException("reader settings are empty");
        if (!parsed.Features.SequenceEqual(ReaderFeatures.Names))
        {
            throw new InvalidDataException("The reader model was trained on other features than this build computes: run train-reader.");
        }
        return new SpanReader(transformer, parsed);
    }

    public static SpanReader LoadFiles(string modelFile) =>
        Load(File.OpenRead(modelFile), File.OpenRead(Path.ChangeExtension(modelFile, ".json")));

    /// <summary>Each candidate's probability of holding the answer, in order.</summary>
    public float[] Score(IReadOnlyList<ReaderFeatures> candidates)
    {
        var scores = RawScores(candidates);
        for (var i = 0; i < scores.Length; i++) scores[i] = Settings.Probability(scores[i]);
        return scores;
    }

    /// <summary>Each candidate's raw score, in order (calibrated by the settings).</summary>
    public float[] RawScores(IReadOnlyList<ReaderFeatures> candidates)
    {
        var engine = _engines.Value!;
        var row = new ReaderRow();
        var scores = new float[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            row.Features = candidates[i].Vector();
            scores[i] = engine.Predict(row).Score;
        }
        return scores;
    }

    /// <summary>The score a candidate is ranked by: its probability, less a little for its length.</summary>
    public double Rank(float probability, int length) => ReaderSettings.Penalised(probability, Settings.LengthPenalty, length);

    public static void Save(ITransformer model, DataViewSchema schema, ReaderSettings settings, string modelFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(modelFile))!);
        new MLContext(seed: 0).Model.Save(model, schema, modelFile);
        File.WriteAllText(Path.ChangeExtension(modelFile, ".json"), JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true }));
    }
}
