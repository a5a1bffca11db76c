using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Retrieval.Embeddings;

/// <summary>Which embedding model the dense leg uses (appsettings.json section "Embeddings").</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>local (learned from the corpus, offline), onnx (a sentence-embedding model folder), openai (an OpenAI-compatible endpoint), or none.</summary>
    [RegularExpression("^(local|onnx|openai|none)$")]
    public string Provider { get; set; } = "local";

    /// <summary>Dimensions of the local model.</summary>
    [Range(16, 1024)] public int LocalDimensions { get; set; } = LocalLsaModel.DefaultDimensions;

    /// <summary>Refit the local model when the number of passages moved by more than this share since it was fitted.</summary>
    [Range(0.01, 10)] public double LocalRefitChange { get; set; } = 0.2;

    /// <summary>At most this many passages (an even sample) are used to fit the local model.</summary>
    [Range(100, 1_000_000)] public int LocalFitSample { get; set; } = 20_000;

    public OnnxEmbeddingOptions Onnx { get; set; } = new();

    public OpenAiEmbeddingOptions OpenAI { get; set; } = new();

    /// <summary>Texts per embedding call.</summary>
    [Range(1, 1024)] public int BatchSize { get; set; } = 32;
}

public sealed class OnnxEmbeddingOptions
{
    /// <summary>A folder with model.onnx and vocab.txt (or tokenizer.json), e.g. bge-small-zh-v1.5 exported to ONNX.</summary>
    public string? ModelPath { get; set; }

    /// <summary>mean or cls: how token vectors become one sentence vector (bge models: cls; text2vec and MiniLM: mean).</summary>
    [RegularExpression("^(mean|cls)$")] public string Pooling { get; set; } = "cls";

    [Range(8, 8192)] public int MaxTokens { get; set; } = 512;

    /// <summary>Prefix for queries (bge-zh models recommend "为这个句子生成表示以用于检索相关文章：").</summary>
    public string? QueryInstruction { get; set; }
}

public sealed class OpenAiEmbeddingOptions
{
    /// <summary>Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    [Range(1, 600)] public double TimeoutSeconds { get; set; } = 30;

    [Range(0, 10)] public int Retries { get; set; } = 2;
}
