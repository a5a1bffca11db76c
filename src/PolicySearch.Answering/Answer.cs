using System.Text.Json.Serialization;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>A claim's source: an exact quote of a document's cleaned text, with its offsets there.</summary>
public sealed record Citation(int N, string DocumentId, string File, string Title, string Date, string PassageId, string Quote, int Start, int End)
    : PolicySearch.Retrieval.Lifecycle.LifecycleFields
{
    /// <summary>The page (1-based) of a paged source (PDF, OFD) the quote is on.</summary>
    public int? Page { get; init; }

    /// <summary>The headings and article the quote is under (["第三章", "第十二条"]).</summary>
    public IReadOnlyList<string>? HeadingPath { get; init; }
}

/// <summary>An answer with its citations; <see cref="Fallback"/> says why a configured chat model's answer was not used.</summary>
public sealed record Answer(
    string Question,
    [property: JsonPropertyName("answer")] string AnswerText,
    bool Abstained,
    string Mode,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<SearchHit> Passages,
    string? Fallback = null)
{
    /// <summary>The learned reader's calibrated probability (0–1) that the answer is right; null without a reader.</summary>
    public double? Confidence { get; init; }

    /// <summary>The question as it was understood and asked, when that differs from the words given (今年 → 2026年).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ResolvedQuestion { get; init; }
}

public sealed record AskRequest(string Question, SearchFilters Filters)
{
    /// <summary>Earlier turns of the conversation, oldest first: an elliptical question is read against them.</summary>
    public IReadOnlyList<Turn> History { get; init; } = [];
}
