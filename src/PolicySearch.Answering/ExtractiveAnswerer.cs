using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// The offline answerer, as a pipeline: the passages retrieved for a question → candidate spans with their features
/// (ExtractiveAnswerer.Candidates.cs, over the sentences and hand-written signals of ExtractiveAnswerer.Sentences.cs)
/// → the learned reader (Reader/SpanReader.cs: ranks them and says how likely the best holds the answer) → the
/// answer, cited at its exact span, or 未在现有文件中找到 below the reader's threshold. Around it: the constraints
/// true of every question (a quoted name is named, a named edition is that edition, the question's own figures
/// and years are the passage's), the 公文 answers read from a document's metadata (ExtractiveAnswerer.Documents.cs),
/// and a question over several years answered year by year (ExtractiveAnswerer.Years.cs).
/// </summary>
public sealed partial class ExtractiveAnswerer(PassageSearcher searcher, PolicyIndex index, IOptions<AnsweringOptions> options, Reader.SpanReader? reader = null,
    Retrieval.Lifecycle.DocumentLifecycle? lifecycle = null)
{
    public const string Mode = "extractive";
    public const string NotFound = "未在现有文件中找到该问题的答案。";

    /// <summary>The learned reader this answerer ranks candidate spans with; null: the hand-written scores.</summary>
    public Reader.SpanReader? SpanReader => reader;

    private sealed record Span(SearchHit Hit, int Rank, int Start, int End, double Coverage, double Score)
    {
        /// <summary>What was measured of the span's sentence, for the reader's features.</summary>
        public SentenceSignals? Signals { get; init; }

        /// <summary>The reader's probability that the span holds the answer (null with the hand-written scores).</summary>
        public double? Confidence { get; init; }
    }

    private sealed record SentenceSignals(
        int SentenceStart, int SentenceEnd, double Coverage, double CharacterCoverage, bool ShapeInSentence, bool CueInSentence,
        bool Lead, bool Signature, bool YearFits, bool OtherYear, bool District, bool OtherCity, double Position);

    /// <summary>A candidate answer with its features, and (in training) the text to check against the gold answers.</summary>
    public sealed record Candidate(string PassageId, int Start, int End, string Text, Reader.ReaderFeatures Features);

    public Answer Ask(AskRequest request)
    {
        var o = options.Value;
        var response = searcher.Search(new SearchRequest(request.Question, request.Filters, o.Passages));
        var hits = response.Results;
        if (hits.Count == 0) return Abstain(request.Question, hits);

        var years = QuestionYears.Of(request.Question);
        if (years.Count >= 2 && PerYear().IsMatch(request.Question)) return PerYearAnswer(request, years);

        if (ValidityQuestion().IsMatch(request.Question) && Validity(request, hits, years) is { } verdict) return verdict;
        if (WhichDocumentQuestion().IsMatch(request.Question) && NumberedDocument(request, hits) is { } named) return named;
        if (IssuerQuestion().IsMatch(request.Question) && DocumentIssuer(request, hits) is { } issued) return issued;

        // About the place and year asked, holding the kind of value asked, stating the question's own figures.
        var askedYears = QueryContext.Of(request.Question).Years.Union(years).ToList();
        var numbers = QuestionNumbers(request.Question);
        var documents = new Dictionary<string, string>();
        // 现行的…, 现在…: when a document in force is among those read, one repealed or lapsed does not answer.
        var currentOnly = CurrentQuestion().IsMatch(request.Question) && hits.Any(h => h.Status == Retrieval.Lifecycle.LifecycleText.InForce);
        var span = BestSpan(request.Question, hits, years, CandidatesTried, s =>
            // The question's own figures (那110个项目, 15万吨级) name what it is about: its passage must state them too.
            StatesAll(s.Hit.Text, numbers) && (askedYears.Count == 0 || FitsYears(s, askedYears, documents))
            && !(currentOnly && s.Hit.Status is Retrieval.Lifecycle.LifecycleText.Repealed or Retrieval.Lifecycle.LifecycleText.Expired));
        if (span is null) return Abstain(request.Question, hits);
        if (AnswerShape.Of(request.Question).Required is null && reader is null) span = Continue(span, request.Question, o.MaxExplanationLength);
        var citation = Cite(1, span);
        return new Answer(request.Question, $"{citation.Quote} [1]{LapsedNote(citation)}", false, Mode, [citation], hits) { Confidence = span.Confidence };
    }

    /// <summary>A question about what applies now: 现行的, 现在, 目前, 当前, 最新的.</summary>
    [GeneratedRegex("现行|现在|目前|当前|最新")]
    private static partial Regex CurrentQuestion();

    /// <summary>
    /// The best sentence that can answer: enough of the question's terms, not about another place, trimmed to the
    /// clauses that answer, of the form the question asks for, and accepted by the caller's own check; null if none
    /// of the <paramref name="tried"/> best is. With the learned reader, see <see cref="ReadBest"/>.
    /// </summary>
    private Span? BestSpan(string question, IReadOnlyList<SearchHit> hits, IReadOnlyList<int> years, int tried, Func<Span, bool> accepts, bool belowThresholdToo = false)
    {
        var q = QuestionReading.Of(question, hits);
        if (reader is not null) return ReadBest(q, hits, years, accepts, belowThresholdToo);
        return hits.Select((hit, rank) => (Hit: hit, Rank: rank))
            .Where(h => Mentions(h.Hit, q.Names))
            .SelectMany(h => SentencesOf(h.Hit, h.Rank, q.Bigrams, q.Characters, q.Shape, q.Cue, years, q.Places, q.AsksIssueDate))
            .Where(s => s.Coverage >= options.Value.AbstainBelow && !AboutElsewhere(s, q.Places, q.Kind) && !OtherEdition(s, q.NamedEditions)
                && !(q.AsksFinal && Forecast().IsMatch(s.Hit.Text[s.Start..s.End])))
            .OrderByDescending(s => s.Score)
            .Take(tried)
            .Select(s => Trim(s, q.Bigrams, q.Kind, q.Cue, q.Shape, q.Focus, q.Shape.Required is null ? options.Value.MaxDescriptionLength : options.Value.MaxAnswerLength))
            .FirstOrDefault(s => q.Shape.Admits(s.Hit.Text[s.Start..s.End]) && accepts(s));
    }

    /// <summary>
    /// With the learned reader: every candidate span of the passages is scored by the model; the best that the
    /// question's own constraints accept and that is itself above the reader's abstention threshold answers. With
    /// <paramref name="belowThresholdToo"/> (a year's cell of a comparison, a validity verdict: the caller's own check
    /// picks the span), it need not pass the threshold itself once the question's best candidate does.
    /// </summary>
    private Span? ReadBest(QuestionReading q, IReadOnlyList<SearchHit> hits, IReadOnlyList<int> years, Func<Span, bool> accepts, bool belowThresholdToo)
    {
        var candidates = CandidateSpans(q, hits, years);
        if (candidates.Count == 0) return null;
        var features = candidates.Select(c => c.Features).ToList();
        var probabilities = reader!.Score(features);
        var threshold = reader.Settings.AbstainBelow;
        if (probabilities.Max() < threshold) return null;
        var order = reader.Order(features, probabilities, candidates.Select(c => c.Span.End - c.Span.Start).ToList());
        // The answer is the best span the question's constraints accept, and it must itself be likely enough: when
        // the likeliest spans are of another year, a far less likely one is no answer. A year's cell of a comparison
        // is asked because other years answer: its best statement of that year fills it.
        return Enumerable.Range(0, candidates.Count)
            .Select(i => (Span: candidates[i].Span with { Confidence = Math.Round(probabilities[i], 3) }, Order: order[i]))
            .Where(s => belowThresholdToo || s.Span.Confidence >= threshold)
            .OrderByDescending(s => s.Order)
            .Take(CandidatesTried * 4)
            .Select(s => s.Span)
            .FirstOrDefault(accepts);
    }

    /// <summary>
    /// An answer to why, how, where or by whom goes on with the sentences after it (up to three in all, within the
    /// length allowed) while it has no word saying so (因为, 通过, 位于, 由…): the sentence that matches the question
    /// often states the fact, and the next one its reason or means.
    /// </summary>
    private static Span Continue(Span span, string question, int max)
    {
        var text = span.Hit.Text;
        if (AnswerCue.Of(question) is not { } cue) return span;
        for (var sentences = 1; sentences < 3 && !cue.IsMatch(text[span.Start..span.End]); sentences++)
        {
            var next = SentenceMatcher.Sentences(text).FirstOrDefault(x => x.Start >= span.End && !string.IsNullOrWhiteSpace(text[x.Start..x.End]));
            if (next == default || next.End - span.Start > max) break;
            span = span with { End = next.End };
        }
        return span;
    }

    /// <summary>
    /// The names a question quotes: a document's title (《…条例》) or a designation with a number or letters
    /// (“经海001号”). The passage must name them too. Other quoted words (“养鱼航母”) are the asker's own description.
    /// </summary>
    private static List<string> NamesQuoted(string question) =>
        Quoted().Matches(ScriptNormalizer.FoldLower(question))
            .Where(m => m.Value.StartsWith('《') || m.Groups[1].Value.Any(char.IsAsciiLetterOrDigit))
            .Select(m => Compact(m.Groups[1].Value)).Where(n => n.Length >= 2).ToList();

    private static bool Mentions(SearchHit hit, List<string> names)
    {
        if (names.Count == 0) return true;
        var text = Compact(ScriptNormalizer.FoldLower(hit.Text));
        var title = Compact(ScriptNormalizer.FoldLower(hit.Title));
        return names.All(n => text.Contains(n, StringComparison.Ordinal) || title.Contains(n, StringComparison.Ordinal));
    }

    private static string Compact(string text) => WhiteSpace().Replace(text, "");

    [GeneratedRegex(@"[“「《""]([^”」》""]{2,40})[”」》""]")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    /// <summary>
    /// The editions a question names: a name carrying its year (2020东亚海洋合作平台青岛论坛), as the year and the
    /// name's first characters.
    /// </summary>
    private static List<(string Year, string Name)> Editions(string question) =>
        Edition().Matches(ScriptNormalizer.FoldLower(question)).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

    /// <summary>A sentence naming another edition of what the question names (2019东亚… for 2020东亚…) is not about it.</summary>
    private static bool OtherEdition(Span s, List<(string Year, string Name)> editions)
    {
        if (editions.Count == 0) return false;
        var matches = Edition().Matches(ScriptNormalizer.FoldLower(s.Hit.Text[s.Start..s.End]));
        return editions.Any(e => matches.Any(m => m.Groups[2].Value == e.Name && m.Groups[1].Value != e.Year)
                                 && !matches.Any(m => m.Groups[2].Value == e.Name && m.Groups[1].Value == e.Year));
    }

    /// <summary>A year written straight onto a name, without 年: 2020东亚海洋…, 2019东亚海洋….</summary>
    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})(?![\d年])([\u4e00-\u9fff]{4})")]
    private static partial Regex Edition();

    /// <summary>A question for the final or actual figure is not answered by a forecast or a target.</summary>
    [GeneratedRegex("(最终|实际)")]
    private static partial Regex FinalFigure();

    [GeneratedRegex("(预计|预期|有望|力争|目标|计划)")]
    private static partial Regex Forecast();

    private static bool StatesAll(string text, List<string> numbers)
    {
        if (numbers.Count == 0) return true;
        var stated = StatedNumber().Matches(ScriptNormalizer.Fold(text)).Select(m => m.Groups[1].Value).ToHashSet();
        return numbers.All(stated.Contains);
    }

    /// <summary>Numbers the question states (not its years, not a date's parts): 110 in 那110个海洋项目.</summary>
    private static List<string> QuestionNumbers(string question) =>
        StatedNumber().Matches(ScriptNormalizer.Fold(question)).Select(m => m.Groups[1].Value)
            .Where(n => !YearLike().IsMatch(n)).Distinct().ToList();

    [GeneratedRegex(@"^(19|20)\d{2}$")]
    private static partial Regex YearLike();

    [GeneratedRegex(@"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]|年|月|日|号|时|点)")]
    private static partial Regex StatedNumber();

    /// <summary>How many of the best sentences are tried before the documents are taken not to answer.</summary>
    private const int CandidatesTried = 12;

    private static Answer Abstain(string question, IReadOnlyList<SearchHit> hits) =>
        new(question, NotFound, true, Mode, [], hits);

    private static Citation Cite(int n, Span s) =>
        new(n, s.Hit.DocumentId, s.Hit.File, s.Hit.Title, s.Hit.Date, s.Hit.PassageId,
            s.Hit.Text[s.Start..s.End], s.Hit.Start + s.Start, s.Hit.Start + s.End) { Page = Passage.PageAt(s.Hit.Page, s.Hit.PageBreaks, s.Start), HeadingPath = Passage.PathAt(s.Hit.HeadingPath, s.Hit.Text, s.Start), Lifecycle = s.Hit.Lifecycle };

    [GeneratedRegex("(分别|各自|各有|各是|每年|两年|哪一年更|相比)")]
    private static partial Regex PerYear();
}
