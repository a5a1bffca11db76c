using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace PolicySearch.Retrieval.Embeddings;

/// <summary>
/// The offline embedding model, learned from the indexed corpus with Microsoft.ML: TF-IDF over character unigrams
/// and bigrams (Chinese has no spaces, so the text is tokenised here, not by FeaturizeText's word splitter),
/// L2-normalised, then projected on its principal components (latent semantic analysis). Nothing is downloaded.
/// </summary>
public sealed class LocalLsaModel : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string FileName = "embeddings-local.zip";
    public const string Version = "lsa-1";
    public const int DefaultDimensions = 192;
    public const int DefaultVocabulary = 16_000;

    /// <summary>
    /// Below this many passages there is nothing to learn directions from (and ML.NET's randomized PCA writes a model
    /// it cannot read back): a corpus this small is searched by keywords alone until it grows.
    /// </summary>
    public const int MinPassages = 8;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ThreadLocal<PredictionEngine<TextRow, VectorRow>> _engines;

    private LocalLsaModel(MLContext ml, ITransformer model, string id, int dimensions)
    {
        _ml = ml;
        _model = model;
        ModelId = id;
        Dimensions = dimensions;
        _engines = new ThreadLocal<PredictionEngine<TextRow, VectorRow>>(() => _ml.Model.CreatePredictionEngine<TextRow, VectorRow>(_model), trackAllValues: true);
        Metadata = new EmbeddingGeneratorMetadata("policysearch-local", null, id, dimensions);
    }

    /// <summary>Identifies the fitted model: vectors of another id are never compared with this one's.</summary>
    public string ModelId { get; }

    public int Dimensions { get; }

    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Learns the model from texts: the whole corpus, or a sample of a corpus of corpusSize passages.</summary>
    public static LocalLsaModel Fit(IReadOnlyList<string> texts, int dimensions = DefaultDimensions, int maxVocabulary = DefaultVocabulary, int? corpusSize = null)
    {
        if (texts.Count < MinPassages) throw new InvalidOperationException($"The local embedding model needs at least {MinPassages} passages to learn from.");
        var ml = new MLContext(seed: 17);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Tokens = Tokenize(t) }));
        // The rank cannot exceed the number of passages; small corpora get a smaller model.
        var rank = Math.Max(2, Math.Min(dimensions, texts.Count - 1));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Keys", nameof(TextRow.Tokens), maximumNumberOfKeys: 10_000_000)
            .Append(ml.Transforms.Text.ProduceNgrams("Bag", "Keys", ngramLength: 1, useAllLengths: false,
                maximumNgramsCount: maxVocabulary, weighting: NgramExtractingEstimator.WeightingCriteria.TfIdf))
            .Append(ml.Transforms.NormalizeLpNorm("Normalized", "Bag"))
            .Append(ml.Transforms.ProjectToPrincipalComponents(nameof(VectorRow.Vector), "Normalized", rank: rank, overSampling: 20, ensureZeroMean: false, seed: 17));
        var model = pipeline.Fit(data);
        return new LocalLsaModel(ml, model, IdOf(Math.Max(texts.Count, corpusSize ?? 0), rank, Fingerprint(texts)), rank);
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        _ml.Model.Save(_model, null, stream);
        File.WriteAllText(path + ".id", $"{ModelId}\n{Dimensions}\n");
    }

    public static LocalLsaModel? Load(string path)
    {
        if (!File.Exists(path) || !File.Exists(path + ".id")) return null;
        var lines = File.ReadAllLines(path + ".id");
        if (lines.Length < 2 || !lines[0].Contains(Version, StringComparison.Ordinal)) return null;
        var ml = new MLContext(seed: 17);
        using var stream = File.OpenRead(path);
        ITransformer model;
        try
        {
            model = ml.Model.Load(stream, out _);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Reflection.TargetInvocationException or InvalidDataException)
        {
            // A model file that cannot be read is no model: the next ingest fits a new one, searches use keywords meanwhile.
            return null;
        }
        return new LocalLsaModel(ml, model, lines[0], int.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The number of passages of the corpus the model was fitted on (from its id), to decide when to refit.</summary>
    public int FittedOn => int.Parse(ModelId.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

    public float[] Embed(string text)
    {
        var vector = _engines.Value!.Predict(new TextRow { Tokens = Tokenize(text) }).Vector;
        var result = new float[Dimensions];
        Array.Copy(vector, result, Math.Min(vector.Length, Dimensions));
        VectorMath.Normalize(result);
        return result;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)) { ModelId = ModelId }));
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        foreach (var engine in _engines.Values) engine.Dispose();
        _engines.Dispose();
    }

    /// <summary>Character unigrams and bigrams of the folded text (Traditional and Simplified alike); Latin words and numbers whole.</summary>
    internal static string[] Tokenize(string text)
    {
        var folded = ScriptNormalizer.FoldLower(text);
        var tokens = new List<string>(folded.Length * 2);
        var word = new StringBuilder();
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                Flush();
                tokens.Add(c.ToString());
                if (i + 1 < folded.Length && folded[i + 1] is >= '\u4E00' and <= '\u9FFF') tokens.Add(folded.Substring(i, 2));
            }
            else if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else
            {
                Flush();
            }
        }
        Flush();
        return tokens.ToArray();

        void Flush()
        {
            if (word.Length == 0) return;
            tokens.Add(word.ToString());
            word.Clear();
        }
    }

    private static string IdOf(int count, int rank, string fingerprint) => $"{Version}:{count}:{rank}:{fingerprint}";

    private static string Fingerprint(IReadOnlyList<string> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in texts) hash.AppendData(Encoding.UTF8.GetBytes(t));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private sealed class TextRow
    {
        public string[] Tokens { get; set; } = [];
    }

    private sealed class VectorRow
    {
        public float[] Vector { get; set; } = [];
    }
}
