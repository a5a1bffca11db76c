using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Retrieval;

/// <summary>Ranking switches and weights (appsettings.json section "Ranking"); defaults are the best measured with `eval`.</summary>
public sealed class RankingOptions
{
    public const string Section = "Ranking";

    /// <summary>Expand questions with the domain thesaurus (Data/thesaurus.txt). Off by default: on qa-dev it lifts
    /// hybrid MRR@10 only 0.852 → 0.854 while more unanswerable questions get an answer (abstention 0.833 → 0.667);
    /// on for deployments whose staff use other words than the documents.</summary>
    public bool Thesaurus { get; set; } = false;

    /// <summary>Which analyses keyword queries use: both (default), words (SmartCn only) or bigrams; for ablations.</summary>
    [RegularExpression("^(both|words|bigrams)$")] public string KeywordFields { get; set; } = "both";

    public bool YearAwareness { get; set; } = true;
    [Range(0, 10)] public double YearMentionedBoost { get; set; } = 0.3;
    [Range(0, 10)] public double YearPublishedBoost { get; set; } = 0.6;
    [Range(0, 1)] public double YearMismatchFactor { get; set; } = 0.7;

    public bool PlaceAwareness { get; set; } = true;
    [Range(0, 10)] public double NamedPlaceBoost { get; set; } = 1.3;
    [Range(0, 10)] public double HomePlaceBoost { get; set; } = 1.15;
    [Range(0, 1)] public double OtherPlaceFactor { get; set; } = 0.75;

    public const float DefaultCommonTermFrequency = 0.1f;

    /// <summary>
    /// Query terms in more than this share of passages (海洋 in a marine bureau's documents) only add to the score of
    /// passages that match a rarer term of the query (Lucene's CommonTermsQuery): walking their long postings for
    /// every query is most of a query's cost at scale. 0 scores every term everywhere.
    /// </summary>
    [Range(0, 1)] public float CommonTermFrequency { get; set; } = DefaultCommonTermFrequency;

    /// <summary>
    /// How much more the question's focus words (the ones before its question mark) count in sentence coverage. Off (1):
    /// on qa-dev 3 lifted hybrid MRR@10 0.826 → 0.837 (before TitleInSentences), but cost CMRC 2018 R@1 0.978 → 0.969,
    /// so it does not generalise.
    /// </summary>
    [Range(1, 10)] public double FocusFactor { get; set; } = 1;

    /// <summary>A district's document, when the question names no district: the city's own figures come first.</summary>
    [Range(0, 1)] public double DistrictFactor { get; set; } = 0.85;

    /// <summary>Weight of the best sentence's coverage of the question (0 turns it off).</summary>
    [Range(0, 10)] public double SentenceWeight { get; set; } = 2.0;

    /// <summary>
    /// Whether the question's words in a document's title count for each of its sentences in that coverage. On qa-dev
    /// MRR@10 0.828 → 0.852 (with DenseWeight 1); CMRC 2018 unchanged.
    /// </summary>
    public bool TitleInSentences { get; set; } = true;

    /// <summary>The mode used when a request names none: bm25 or hybrid (dense alone is for comparison).</summary>
    [RegularExpression("^(bm25|dense|hybrid)$")] public string DefaultMode { get; set; } = "hybrid";

    /// <summary>How hybrid mode fuses the lists: score (normalised scores, weighted sum) or rrf (reciprocal rank).</summary>
    [RegularExpression("^(score|rrf)$")] public string Fusion { get; set; } = "score";

    /// <summary>Reciprocal rank fusion's k in 1/(k + rank); the weight of each list (both fusions).</summary>
    [Range(1, 1000)] public double RrfK { get; set; } = 10;
    [Range(0, 10)] public double KeywordWeight { get; set; } = 1.0;
    [Range(0, 10)] public double DenseWeight { get; set; } = 1.0;

    /// <summary>
    /// Score fusion: a passage missing from one list scored somewhere below that list's last; it is counted at this
    /// share of the last's normalised score instead of 0 (CMRC 2018 hybrid R@1 0.981 → 0.983; qa-dev unchanged).
    /// </summary>
    [Range(0, 1)] public double MissingShare { get; set; } = 0.5;

    /// <summary>Boost for a passage holding the kind of answer the question asks for (a number for 多少, a date for 哪天).</summary>
    [Range(0, 10)] public double AnswerTypeBoost { get; set; } = 0.2;

    /// <summary>How many keyword candidates are reranked.</summary>
    [Range(10, 5000)] public int CandidatePool { get; set; } = 100;
}
