using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Answering;

public sealed class AnsweringOptions
{
    public const string Section = "Answering";

    /// <summary>Passages read for an answer.</summary>
    [Range(1, 50)] public int Passages { get; set; } = 6;

    /// <summary>
    /// Below this share of the question's (weighted) terms in the best sentence, the documents are taken not to
    /// answer: calibrated on the unanswerable questions of qa-dev (see README).
    /// </summary>
    [Range(0, 1)] public double AbstainBelow { get; set; } = 0.1;

    /// <summary>Longest answer, in characters, before the best sentence is trimmed to the clauses that answer.</summary>
    [Range(20, 1000)] public int MaxAnswerLength { get; set; } = 80;
}
