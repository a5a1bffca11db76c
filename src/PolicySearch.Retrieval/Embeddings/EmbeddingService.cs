using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAI;

namespace PolicySearch.Retrieval.Embeddings;

/// <summary>
/// The dense leg's model, behind Microsoft.Extensions.AI's IEmbeddingGenerator: the local model learned from the
/// corpus (kept in the index folder, refitted when the corpus has changed enough), an ONNX model folder, or an
/// OpenAI-compatible endpoint, as configured. Its ModelId tags every stored vector, so vectors of two models never mix.
/// </summary>
public sealed class EmbeddingService : IDisposable
{
    private readonly EmbeddingOptions _options;
    private readonly string _localModelPath;
    private readonly ILogger _logger;
    private readonly IHttpClientFactory? _httpClients;
    private readonly Lock _gate = new();
    private IEmbeddingGenerator<string, Embedding<float>>? _generator;
    private string? _modelId;

    public EmbeddingService(IOptions<EmbeddingOptions> options, IOptions<PathsOptions> paths, IHttpClientFactory? httpClients = null, ILogger<EmbeddingService>? logger = null)
        : this(options.Value, paths.Value.IndexFullPath, httpClients, logger)
    {
    }

    public EmbeddingService(EmbeddingOptions options, string indexPath, IHttpClientFactory? httpClients = null, ILogger? logger = null)
    {
        _options = options;
        _localModelPath = Path.Combine(indexPath, LocalLsaModel.FileName);
        _httpClients = httpClients;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Provider => _options.Provider;

    public bool Enabled => _options.Provider != "none";

    /// <summary>True when a model is ready to embed (the local one exists once an ingest has fitted it).</summary>
    public bool IsReady
    {
        get
        {
            EnsureGenerator();
            return _generator is not null;
        }
    }

    public string? ModelId
    {
        get
        {
            EnsureGenerator();
            return _modelId;
        }
    }

    /// <summary>
    /// For the local provider: fits the model on the corpus if there is none, or if the number of passages moved by
    /// more than the configured share since it was fitted. Returns true when the model (and so every vector) changed.
    /// </summary>
    public bool PrepareForCorpus(Func<IReadOnlyList<string>> corpusPassages, int passageCount, bool refit = false)
    {
        if (_options.Provider != "local") return false;
        lock (_gate)
        {
            var current = _generator as LocalLsaModel ?? LocalLsaModel.Load(_localModelPath);
            if (current is not null && passageCount > 0 && !refit
                && Math.Abs(passageCount - current.FittedOn) <= _options.LocalRefitChange * current.FittedOn)
            {
                Install(current);
                return false;
            }
            var texts = corpusPassages();
            if (texts.Count < LocalLsaModel.MinPassages)
            {
                return false;
            }
            // The model is known by the size of the corpus it learned from (not of its sample), which the next
            // ingest compares with: a corpus larger than the sample must not look changed on every run.
            var corpusSize = texts.Count;
            if (texts.Count > _options.LocalFitSample)
            {
                // A large corpus is learned from an even sample: the vocabulary and its directions settle long before.
                var stride = (double)texts.Count / _options.LocalFitSample;
                texts = Enumerable.Range(0, _options.LocalFitSample).Select(i => texts[(int)(i * stride)]).ToList();
            }
            _logger.LogInformation("Fitting the local embedding model on {Count} passages", texts.Count);
            var model = LocalLsaModel.Fit(texts, _options.LocalDimensions, corpusSize: corpusSize);
            model.Save(_localModelPath);
            var previous = _generator;
            Install(model);
            if (!ReferenceEquals(previous, current)) current?.Dispose();
            previous?.Dispose();
            return true;
        }
    }

    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        EnsureGenerator();
        var generator = _generator ?? throw new InvalidOperationException("No embedding model is ready.");
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(_options.BatchSize))
        {
            var embeddings = await generator.GenerateAsync(batch, cancellationToken: ct);
            foreach (var e in embeddings)
            {
                var v = e.Vector.ToArray();
                VectorMath.Normalize(v);
                vectors.Add(v);
            }
        }
        return vectors.ToArray();
    }

    public float[] EmbedQuery(string text)
    {
        var instruction = _options.Provider == "onnx" ? _options.Onnx.QueryInstruction : null;
        return EmbedAsync([instruction + text]).GetAwaiter().GetResult()[0];
    }

    private void EnsureGenerator()
    {
        if (_generator is not null || !Enabled) return;
        lock (_gate)
        {
            if (_generator is not null) return;
            switch (_options.Provider)
            {
                case "local":
                    if (LocalLsaModel.Load(_localModelPath) is { } local) Install(local);
                    break;
                case "onnx":
                    var folder = _options.Onnx.ModelPath ?? throw new InvalidOperationException("Embeddings:Onnx:ModelPath is not set.");
                    var onnx = new OnnxEmbeddingGenerator(RepositoryRoot.Resolve(folder), _options.Onnx.Pooling, _options.Onnx.MaxTokens, _options.BatchSize);
                    _generator = onnx;
                    _modelId = onnx.ModelId;
                    break;
                case "openai":
                    _generator = CreateOpenAi();
                    _modelId = $"openai:{_options.OpenAI.Endpoint}:{_options.OpenAI.Model}";
                    break;
            }
        }
    }

    private void Install(LocalLsaModel model)
    {
        _generator = model;
        _modelId = model.ModelId;
    }

    private IEmbeddingGenerator<string, Embedding<float>> CreateOpenAi()
    {
        var o = _options.OpenAI;
        if (string.IsNullOrWhiteSpace(o.Endpoint) || string.IsNullOrWhiteSpace(o.Model))
        {
            throw new InvalidOperationException("Embeddings:OpenAI:Endpoint and Embeddings:OpenAI:Model must be set for the openai provider.");
        }
        var clientOptions = new OpenAIClientOptions { Endpoint = new Uri(o.Endpoint) };
        if (_httpClients is not null)
        {
            // Timeouts and retries come from the resilience handler of the named HttpClient (AddRetrieval).
            clientOptions.Transport = new HttpClientPipelineTransport(_httpClients.CreateClient(RetrievalServiceCollectionExtensions.EmbeddingsHttpClient));
            clientOptions.RetryPolicy = new ClientRetryPolicy(0);
        }
        else
        {
            clientOptions.NetworkTimeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
            clientOptions.RetryPolicy = new ClientRetryPolicy(o.Retries);
        }
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "unused" : o.ApiKey), clientOptions);
        return client.GetEmbeddingClient(o.Model).AsIEmbeddingGenerator();
    }

    public void Dispose() => _generator?.Dispose();
}
