using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Retrieval;

/// <summary>Ranking switches and weights (appsettings.json section "Ranking"); defaults are the best measured with `eval`.</summary>
public sealed class RankingOptions
{
    public const string Section = "Ranking";

    public bool YearAwareness { get; set; } = true;
    [Range(0, 10)] public double YearMentionedBoost { get; set; } = 0.3;
    [Range(0, 10)] public double YearPublishedBoost { get; set; } = 0.6;
    [Range(0, 1)] public double YearMismatchFactor { get; set; } = 0.7;

    public bool PlaceAwareness { get; set; } = true;
    [Range(0, 10)] public double NamedPlaceBoost { get; set; } = 1.3;
    [Range(0, 10)] public double HomePlaceBoost { get; set; } = 1.15;
    [Range(0, 1)] public double OtherPlaceFactor { get; set; } = 0.75;

    /// <summary>Weight of the best sentence's coverage of the question (0 turns it off).</summary>
    [Range(0, 10)] public double SentenceWeight { get; set; } = 2.0;

    /// <summary>How many keyword candidates are reranked.</summary>
    [Range(10, 5000)] public int CandidatePool { get; set; } = 200;
}
