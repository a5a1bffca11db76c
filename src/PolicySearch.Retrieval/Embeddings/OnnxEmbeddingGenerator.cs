using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace PolicySearch.Retrieval.Embeddings;

/// <summary>
/// A BERT-family sentence-embedding model from a folder: model.onnx plus vocab.txt (or a WordPiece tokenizer.json).
/// CJK characters are tokenised one by one, as bge-zh and text2vec models expect; token vectors are pooled (mean over
/// the attention mask, or the [CLS] vector) and L2-normalised. Texts are embedded in batches.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly bool _meanPooling;
    private readonly int _maxTokens;
    private readonly int _batchSize;
    private readonly bool _hasTokenTypes;
    private readonly string _outputName;

    public OnnxEmbeddingGenerator(string folder, string pooling = "mean", int maxTokens = 512, int batchSize = 32)
    {
        var modelFile = Path.Combine(folder, "model.onnx");
        if (!File.Exists(modelFile)) throw new FileNotFoundException($"No model.onnx in {folder}.", modelFile);
        _tokenizer = CreateTokenizer(folder);
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(modelFile, options);
        _meanPooling = pooling != "cls";
        _maxTokens = maxTokens;
        _batchSize = batchSize;
        _hasTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.Keys.FirstOrDefault(k => k is "last_hidden_state" or "token_embeddings") ?? _session.OutputMetadata.Keys.First();
        var info = new FileInfo(modelFile);
        ModelId = $"onnx:{Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}:{info.Length}:{pooling}";
        Metadata = new EmbeddingGeneratorMetadata("onnx", new Uri(Path.GetFullPath(folder)), ModelId);
    }

    public string ModelId { get; }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in values.Chunk(_batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var vector in EmbedBatch(batch)) result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }
        return Task.FromResult(result);
    }

    private float[][] EmbedBatch(string[] texts)
    {
        var encoded = texts.Select(t => _tokenizer.EncodeToIds(t, _maxTokens, out _, out _)).ToList();
        var length = encoded.Max(e => e.Count);
        var ids = new DenseTensor<long>([texts.Length, length]);
        var mask = new DenseTensor<long>([texts.Length, length]);
        var types = new DenseTensor<long>([texts.Length, length]);
        for (var b = 0; b < texts.Length; b++)
        {
            for (var t = 0; t < encoded[b].Count; t++)
            {
                ids[b, t] = encoded[b][t];
                mask[b, t] = 1;
            }
        }
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
        };
        if (_hasTokenTypes) inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", types));
        using var outputs = _session.Run(inputs, [_outputName]);
        var hidden = outputs[0].AsTensor<float>();
        var vectors = new float[texts.Length][];
        if (hidden.Dimensions.Length == 2)
        {
            // The model pools itself (a sentence_embedding output).
            for (var b = 0; b < texts.Length; b++)
            {
                vectors[b] = Enumerable.Range(0, hidden.Dimensions[1]).Select(d => hidden[b, d]).ToArray();
                VectorMath.Normalize(vectors[b]);
            }
            return vectors;
        }
        var dims = hidden.Dimensions[2];
        for (var b = 0; b < texts.Length; b++)
        {
            var v = new float[dims];
            if (_meanPooling)
            {
                var count = encoded[b].Count;
                for (var t = 0; t < count; t++)
                {
                    for (var d = 0; d < dims; d++) v[d] += hidden[b, t, d];
                }
                for (var d = 0; d < dims; d++) v[d] /= count;
            }
            else
            {
                for (var d = 0; d < dims; d++) v[d] = hidden[b, 0, d];
            }
            VectorMath.Normalize(v);
            vectors[b] = v;
        }
        return vectors;
    }

    private static BertTokenizer CreateTokenizer(string folder)
    {
        var options = new BertOptions { LowerCaseBeforeTokenization = true, IndividuallyTokenizeCjk = true };
        var vocab = Path.Combine(folder, "vocab.txt");
        if (File.Exists(vocab)) return BertTokenizer.Create(vocab, options);
        var json = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(json)) throw new FileNotFoundException($"Neither vocab.txt nor tokenizer.json in {folder}.");
        // A WordPiece tokenizer.json carries the same vocabulary: write it out in id order.
        var model = JsonNode.Parse(File.ReadAllText(json))!["model"]!;
        var entries = model["vocab"]!.AsObject().OrderBy(kv => kv.Value!.GetValue<int>()).Select(kv => kv.Key);
        var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', entries) + "\n"));
        var lower = model["do_lower_case"]?.GetValue<bool>() ?? true;
        return BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lower, IndividuallyTokenizeCjk = true });
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _session.Dispose();
}
