using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Answering;

public sealed class AnsweringOptions
{
    public const string Section = "Answering";

    /// <summary>Passages read for an answer.</summary>
    [Range(1, 50)] public int Passages { get; set; } = 6;

    /// <summary>
    /// Below this share of the question's (weighted) terms in the best sentence and its document's title, the
    /// documents are taken not to answer: calibrated on the unanswerable questions of qa-dev (see README).
    /// </summary>
    [Range(0, 1)] public double AbstainBelow { get; set; } = 0.1;

    /// <summary>Longest answer, in characters, before the best sentence is trimmed to the clauses that answer.</summary>
    [Range(20, 1000)] public int MaxAnswerLength { get; set; } = 80;

    /// <summary>
    /// Longest answer to a question that asks for no figure, date or name (what it is, how, why): descriptions need
    /// more words than a value does.
    /// </summary>
    [Range(20, 1000)] public int MaxDescriptionLength { get; set; } = 150;

    /// <summary>
    /// Longest answer to why, how, where or by whom that goes on past its first sentence to the one giving the reason
    /// or means (at most three sentences in all).
    /// </summary>
    [Range(20, 1000)] public int MaxExplanationLength { get; set; } = 200;

    /// <summary>
    /// How extractive answers choose their span: <c>model</c> (the learned reader shipped in the assembly, or the one
    /// at <see cref="ReaderModel"/>; the hand-written scores when none is there) or <c>rules</c>.
    /// </summary>
    [RegularExpression("^(model|rules)$")] public string Reader { get; set; } = "model";

    /// <summary>A reader model file written by `train-reader` (its .json beside it), instead of the shipped one.</summary>
    public string? ReaderModel { get; set; }

    /// <summary>A chat model for generative answers; none configured means extractive answers only.</summary>
    public ChatOptions Chat { get; set; } = new();
}

/// <summary>An OpenAI-compatible chat endpoint (Ollama, vLLM, Xinference, Azure OpenAI …).</summary>
public sealed class ChatOptions
{
    /// <summary>Base URL of the OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 30;

    [Range(0, 5)] public int Retries { get; set; } = 1;

    /// <summary>Passages given to the model as numbered sources.</summary>
    [Range(1, 20)] public int Sources { get; set; } = 5;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}
