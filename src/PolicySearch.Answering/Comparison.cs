using System.Text.Json.Serialization;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

public sealed record CompareRequest(string Question, IReadOnlyList<int> Years, SearchFilters Filters);

/// <summary>One year's cell: the answer about that year, the document and date it came from, its figures.</summary>
public sealed record YearAnswer(
    int Year,
    [property: JsonPropertyName("answer")] string AnswerText,
    bool Abstained,
    string Mode,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<Figure> Figures,
    Figure? Figure,
    string? DocumentId,
    string? Title,
    string? Date,
    string? File)
{
    /// <summary>The reader's probability that the cell's answer is right (null without a reader).</summary>
    public double? Confidence { get; init; }
}

/// <summary>The same question answered separately for each year.</summary>
public sealed record Comparison(string Question, IReadOnlyList<YearAnswer> Years, string Mode);
