namespace PolicySearch.Answering.Reader;

/// <summary>
/// The features of one candidate answer span (a sentence of a retrieved passage, or some of its clauses), as the
/// learned reader sees them. Each is named and described once, here; <see cref="Vector"/> lays them out in this
/// order for the model. To add one: a property here, its line in <see cref="Names"/>, a value where candidates are
/// made (<c>SpansOf</c> in ExtractiveAnswerer.Candidates.cs), then `train-reader`.
/// </summary>
public sealed record ReaderFeatures
{
    /// <summary>Share of the question's weighted bigrams in the sentence and its document's title.</summary>
    public float SentenceCoverage { get; init; }

    /// <summary>Share of the question's weighted characters in the sentence and title (breaks ties between wordings).</summary>
    public float CharacterCoverage { get; init; }

    /// <summary>Share of the question's weighted bigrams in the span itself.</summary>
    public float SpanCoverage { get; init; }

    /// <summary>Whether the question's focus words (those before its question mark) are in the span.</summary>
    public float FocusInSpan { get; init; }

    /// <summary>Share of the span's Chinese characters and digits that the question does not have: an answer adds something.</summary>
    public float Novelty { get; init; }

    /// <summary>The question asks for a form of value (a count, money, a date, a person …).</summary>
    public float ShapeAsked { get; init; }

    /// <summary>The span holds the form of value asked for.</summary>
    public float ShapeInSpan { get; init; }

    /// <summary>The sentence holds it (perhaps outside the span).</summary>
    public float ShapeInSentence { get; init; }

    /// <summary>The question asks for a number (1) or a date (2); 0 otherwise.</summary>
    public float AskedKind { get; init; }

    /// <summary>The span holds a value of the kind asked (a figure, a date).</summary>
    public float KindInSpan { get; init; }

    /// <summary>The question asks why, how, where or by whom, and the span has a word that says so (因为, 通过, 位于, 由…).</summary>
    public float CueInSpan { get; init; }

    /// <summary>It asks so, and the sentence has such a word.</summary>
    public float CueInSentence { get; init; }

    /// <summary>1 / (rank of the span's passage among those retrieved).</summary>
    public float PassageRank { get; init; }

    /// <summary>The passage's fused retrieval score as a share of the best passage's.</summary>
    public float PassageScore { get; init; }

    /// <summary>The sentence's place in its passage, 0 (first) to 1 (last).</summary>
    public float SentencePosition { get; init; }

    /// <summary>The document's first statement, beginning with its subject (an encyclopedia's definition).</summary>
    public float DefinesSubject { get; init; }

    /// <summary>The sentence names a year the question asks about, or its document is of that year.</summary>
    public float YearFits { get; init; }

    /// <summary>The sentence names a year, and none the question asks about.</summary>
    public float OtherYear { get; init; }

    /// <summary>The sentence is about another place than the question (another city, the nation for a city …).</summary>
    public float Elsewhere { get; init; }

    /// <summary>The question names no district and the sentence is a district's (全区, 新区).</summary>
    public float DistrictScope { get; init; }

    /// <summary>The sentence is a forecast or target (预计, 力争, 计划 …).</summary>
    public float Forecast { get; init; }

    /// <summary>The question asks for an actual or final figure (最终, 实际).</summary>
    public float AsksFinal { get; init; }

    /// <summary>The span reads like page metadata: a byline, a forum post header, 来源/记者/发布时间.</summary>
    public float Byline { get; init; }

    /// <summary>The span is a date line alone, and the question asks when a document was issued.</summary>
    public float SignatureDate { get; init; }

    /// <summary>The span's length in characters / 100.</summary>
    public float SpanLength { get; init; }

    /// <summary>The sentence's length in characters / 100.</summary>
    public float SentenceLength { get; init; }

    /// <summary>The span is the whole sentence (1) or some of its clauses (0).</summary>
    public float WholeSentence { get; init; }

    /// <summary>The span is a table row (cells apart by ideographic spaces).</summary>
    public float TableRow { get; init; }

    /// <summary>The hand-written score of the span's sentence (terms, shape, cue, rank, year, place: see ExtractiveAnswerer).</summary>
    public float RuleScore { get; init; }

    /// <summary>1 / (rank of the sentence by that score among all the question's sentences).</summary>
    public float RuleRank { get; init; }

    /// <summary>The span is the sentence as the hand-written trimming cuts it.</summary>
    public float RuleTrim { get; init; }

    /// <summary>
    /// Gap from the end of the words before the question's question word, found in the sentence, to the span's start
    /// (see <see cref="QuestionFrame"/>): near 0 when the span begins where the answer would.
    /// </summary>
    public float LeftGap { get; init; }

    /// <summary>Gap from the span's end to the words after the question's question word, in the sentence.</summary>
    public float RightGap { get; init; }

    /// <summary>Gap (characters / 20, up to 1) from the span to the nearest of the question's bigrams in the sentence outside it.</summary>
    public float TermGap { get; init; }

    /// <summary>The span's coverage as a share of the best span coverage among the question's candidates.</summary>
    public float CoverageVsBest { get; init; }

    /// <summary>The sentence's hand-written score as a share of the best among the question's sentences.</summary>
    public float ScoreVsBest { get; init; }

    /// <summary>
    /// What the question word asks for (<see cref="QuestionKinds"/>): 0 none, 1 a person, 2 a place, 3 a time,
    /// 4 a quantity, 5 a thing or name, 6 a reason or manner.
    /// </summary>
    public float QuestionKind { get; init; }

    /// <summary>The span's length as a share of its sentence's.</summary>
    public float SpanShare { get; init; }

    /// <summary>
    /// Share of the question's weighted bigrams in the 15 characters either side of the span, within its sentence:
    /// an answer stands among the question's other words.
    /// </summary>
    public float ContextCoverage { get; init; }

    /// <summary>The span holds a digit (Arabic or Chinese, with a measure or unit after it).</summary>
    public float SpanHasFigure { get; init; }

    /// <summary>The span holds a quoted or titled name (《》“”「」).</summary>
    public float SpanHasQuote { get; init; }

    /// <summary>The span holds Latin letters (a foreign name, a code).</summary>
    public float SpanHasLatin { get; init; }

    /// <summary>The span holds a time word (年, 月, 日, 世纪, 时期, 朝, 年代).</summary>
    public float SpanHasTime { get; init; }

    /// <summary>The span holds a place word (省, 市, 县, 区, 国, 州, 岛, 山, 河, 湖, 海, 洋).</summary>
    public float SpanHasPlace { get; init; }

    public static readonly IReadOnlyList<string> Names =
    [
        nameof(SentenceCoverage), nameof(CharacterCoverage), nameof(SpanCoverage), nameof(FocusInSpan), nameof(Novelty),
        nameof(ShapeAsked), nameof(ShapeInSpan), nameof(ShapeInSentence), nameof(AskedKind), nameof(KindInSpan),
        nameof(CueInSpan), nameof(CueInSentence), nameof(PassageRank), nameof(PassageScore), nameof(SentencePosition),
        nameof(DefinesSubject), nameof(YearFits), nameof(OtherYear), nameof(Elsewhere), nameof(DistrictScope),
        nameof(Forecast), nameof(AsksFinal), nameof(Byline), nameof(SignatureDate), nameof(SpanLength),
        nameof(SentenceLength), nameof(WholeSentence), nameof(TableRow), nameof(RuleScore), nameof(RuleRank),
        nameof(RuleTrim), nameof(LeftGap), nameof(RightGap), nameof(TermGap), nameof(CoverageVsBest),
        nameof(ScoreVsBest), nameof(QuestionKind), nameof(SpanShare), nameof(ContextCoverage), nameof(SpanHasFigure),
        nameof(SpanHasQuote), nameof(SpanHasLatin), nameof(SpanHasTime), nameof(SpanHasPlace),
    ];

    public float[] Vector() =>
    [
        SentenceCoverage, CharacterCoverage, SpanCoverage, FocusInSpan, Novelty,
        ShapeAsked, ShapeInSpan, ShapeInSentence, AskedKind, KindInSpan,
        CueInSpan, CueInSentence, PassageRank, PassageScore, SentencePosition,
        DefinesSubject, YearFits, OtherYear, Elsewhere, DistrictScope,
        Forecast, AsksFinal, Byline, SignatureDate, SpanLength,
        SentenceLength, WholeSentence, TableRow, RuleScore, RuleRank,
        RuleTrim, LeftGap, RightGap, TermGap, CoverageVsBest,
        ScoreVsBest, QuestionKind, SpanShare, ContextCoverage, SpanHasFigure,
        SpanHasQuote, SpanHasLatin, SpanHasTime, SpanHasPlace,
    ];
}
