using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// The offline answerer: retrieves passages, scores their sentences against the question (its terms, the kind of
/// answer it asks for, the year it names), trims the best sentence to the clauses that answer, and cites the exact
/// span. Abstains when no sentence covers enough of the question. A question over several years gets one cited
/// item per year.
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

    /// <summary>Who issued something: 是哪个机关印发的, 由谁发布, 发文机关是.</summary>
    [GeneratedRegex("(谁|哪个|哪一个|哪家|什么)(机关|部门|单位|机构)?.{0,4}(印发|发布|出台|制定|下发|发文)|(印发|发布|出台|制定|下发)(的)?(单位|机关|部门)?(是)?(谁|哪个|哪家|什么)|发文机关")]
    private static partial Regex IssuerQuestion();

    /// <summary>
    /// Who issued a document the question names (its 《title》 within the document's title, or most of the title), from
    /// the 发文机关 read at ingest, cited where the document states it: its signature, else its title line. Null when no
    /// retrieved document is named with a known issuer: the question is then answered as any other.
    /// </summary>
    private Answer? DocumentIssuer(AskRequest request, IReadOnlyList<SearchHit> hits)
    {
        if (lifecycle is null) return null;
        var named = BookTitle().Matches(ScriptNormalizer.FoldLower(request.Question)).Select(m => m.Groups[1].Value).Where(n => n.Length >= 4).ToList();
        foreach (var hit in hits.DistinctBy(h => h.DocumentId))
        {
            if (hit.Issuer is not { Length: > 0 } issuer) continue;
            var title = ScriptNormalizer.FoldLower(hit.Title);
            if (!(named.Any(n => title.Contains(n, StringComparison.Ordinal)) || named.Count == 0 && NamesDocument(request.Question, hit.Title))) continue;
            if (index.GetDocument(hit.DocumentId) is not { } document) continue;
            int start, end;
            if (lifecycle.FactsOf(hit.DocumentId)?.Evidence.GetValueOrDefault("issuer") is [var s, var e] && e <= document.Text.Length)
            {
                (start, end) = (s, e);
            }
            else if (hit.Title.Contains(issuer, StringComparison.Ordinal) && document.Text.IndexOf(hit.Title, StringComparison.Ordinal) is >= 0 and var at)
            {
                (start, end) = (at, at + hit.Title.Length);
            }
            else continue;
            if (CiteDocument(document, start, end, hit.Lifecycle) is not { } citation) continue;
            var said = citation.Quote == issuer ? "" : "：" + citation.Quote;
            return new Answer(request.Question, $"{issuer}{said} [1]{LapsedNote(citation)}", false, Mode, [citation], hits);
        }
        return null;
    }

    [GeneratedRegex("《([^《》]+)》")]
    private static partial Regex BookTitle();

    /// <summary>A question about what applies now: 现行的, 现在, 目前, 当前, 最新的.</summary>
    [GeneratedRegex("现行|现在|目前|当前|最新")]
    private static partial Regex CurrentQuestion();

    /// <summary>Which document something is: 是哪份文件, 是什么文件, 指的是什么.</summary>
    [GeneratedRegex("哪份|哪一份|哪个文件|哪一个文件|什么文件|是什么|指的是|指什么|是哪个")]
    private static partial Regex WhichDocumentQuestion();

    /// <summary>
    /// A question that names a 发文字号 and asks which document it is, answered by that document's title (文号 are
    /// read at ingest and matched as the search's 文号 filter matches them), cited where the document states it: its
    /// title line, else the line with its 文号. Null when no indexed document has the number.
    /// </summary>
    private Answer? NumberedDocument(AskRequest request, IReadOnlyList<SearchHit> hits)
    {
        if (lifecycle is null) return null;
        foreach (var number in Retrieval.Lifecycle.LifecycleText.DocNumbers(ScriptNormalizer.Fold(request.Question)))
        {
            foreach (var id in lifecycle.WithDocNumber(number))
            {
                if (index.GetDocument(id) is not { } document) continue;
                var title = document.Title.Trim();
                var start = title.Length > 0 ? document.Text.IndexOf(title, StringComparison.Ordinal) : -1;
                var end = start + title.Length;
                if (start < 0 && lifecycle.FactsOf(id)?.Evidence.GetValueOrDefault("docNumber") is [var at, _])
                {
                    // The line the 文号 stands on.
                    start = document.Text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
                    end = document.Text.IndexOf('\n', at) is var e and >= 0 ? e : document.Text.Length;
                }
                if (start < 0 || end <= start) continue;
                var view = lifecycle.Of(id);
                if (CiteDocument(document, start, end, view) is not { } citation) continue;
                var numbered = view.DocNumber ?? number.Value;
                var said = citation.Quote == title ? "" : "：" + citation.Quote;
                return new Answer(request.Question, $"《{title.Trim('《', '》')}》（{numbered}）{said} [1]{LapsedNote(citation)}", false, Mode, [citation], hits);
            }
        }
        return null;
    }

    /// <summary>Whether something still applies: 还有效吗, 现行有效的吗, 还在实施期内吗, 废止了吗 ….</summary>
    [GeneratedRegex("还有效|是否有效|仍然有效|依然有效|现行有效|有效吗|实施期内|还适用|是否适用|废止了吗|失效了吗|过期了吗|还在执行|是否仍在执行|还能执行")]
    private static partial Regex ValidityQuestion();

    /// <summary>
    /// A validity question is answered by its verdict as of Lifecycle:AsOf (现行有效, 已失效, 已废止, 尚未施行) and the
    /// sentence that decides it, cited whole: the best sentence whose repeal, stated status, validity period, plan
    /// period or effective date decides it (<see cref="Retrieval.Lifecycle.LifecycleText.VerdictOf"/>). Null when no
    /// retrieved sentence decides it: the question is then answered as any other.
    /// </summary>
    private Answer? Validity(AskRequest request, IReadOnlyList<SearchHit> hits, IReadOnlyList<int> years)
    {
        var asOf = lifecycle?.AsOf ?? DateOnly.FromDateTime(DateTime.Now);
        string? verdict = null;
        var span = BestSpan(request.Question, hits, years, CandidatesTried, s =>
            (verdict = Retrieval.Lifecycle.LifecycleText.VerdictOf(SentenceOf(s), request.Question, asOf)) is not null, belowThresholdToo: true);
        Citation? citation = null;
        if (span is not null && verdict is not null)
        {
            if (span.Signals is { } g) span = span with { Start = g.SentenceStart, End = g.SentenceEnd };
            citation = Cite(1, span);
        }
        else if (DocumentStatus(request.Question, hits) is { } stated)
        {
            (verdict, citation) = stated;
        }
        if (citation is null) return null;
        return new Answer(request.Question, $"{verdict}（截至{asOf:yyyy年M月d日}）：{citation.Quote} [1]", false, Mode, [citation], hits) { Confidence = span?.Confidence };
    }

    /// <summary>
    /// The status of the document the question names (a retrieved document whose title the question holds most of),
    /// as its lifecycle computes it, cited at the sentence it was read from (施行, 有效期, 时效性). Null when no
    /// retrieved document is named with a status and its evidence.
    /// </summary>
    private (string Verdict, Citation Citation)? DocumentStatus(string question, IReadOnlyList<SearchHit> hits)
    {
        if (lifecycle is null) return null;
        foreach (var hit in hits.DistinctBy(h => h.DocumentId))
        {
            if (hit.Status is not { } status || !NamesDocument(question, hit.Title)) continue;
            // A repeal is stated in the repealing document, not in this one: nothing here to cite for it.
            var field = status switch
            {
                Retrieval.Lifecycle.LifecycleText.Expired => "expiryDate",
                Retrieval.Lifecycle.LifecycleText.Repealed => null,
                _ => hit.EffectiveDate is not null ? "effectiveDate" : "status",
            };
            if (field is null || lifecycle.FactsOf(hit.DocumentId)?.Evidence.GetValueOrDefault(field) is not [var start, var end]) continue;
            if (index.GetDocument(hit.DocumentId) is not { } document || end > document.Text.Length) continue;
            while (end > start && char.IsWhiteSpace(document.Text[end - 1])) end--;
            if (CiteDocument(document, start, end, hit.Lifecycle) is { } citation) return (status, citation);
        }
        return null;
    }

    /// <summary>A citation of [start, end) of a document, in the passage that span begins in (null when none holds it).</summary>
    private static Citation? CiteDocument(DocumentView document, int start, int end, Retrieval.Lifecycle.LifecycleView lifecycle)
    {
        var passage = document.Passages.FirstOrDefault(p => p.Start <= start && start < p.End);
        return passage is null ? null
            : new Citation(1, document.DocumentId, document.File, document.Title, document.Date, passage.PassageId, document.Text[start..end], start, end) { Lifecycle = lifecycle };
    }

    /// <summary>The question names a document: it holds at least 60% of the character pairs of its title (《》 and years aside).</summary>
    private static bool NamesDocument(string question, string title)
    {
        var pairs = SentenceMatcher.Bigrams(TitleNoise().Replace(title, ""));
        var asked = ScriptNormalizer.FoldLower(question);
        return pairs.Count > 0 && pairs.Count(p => asked.Contains(p, StringComparison.Ordinal)) >= 0.6 * pairs.Count;
    }

    [GeneratedRegex(@"[《》“”""（）()\s]|(?:19|20)\d{2}年?(?:修订|修正)?")]
    private static partial Regex TitleNoise();

    /// <summary>
    /// An answer quoted from a document that no longer applies says so: （注：所引文件已于2025年12月31日到期） or
    /// （注：所引文件已废止，已被《…》替代）. Nothing for a document in force or of unknown status.
    /// </summary>
    internal static string LapsedNote(Citation citation) => citation.Status switch
    {
        Retrieval.Lifecycle.LifecycleText.Expired when Retrieval.Lifecycle.LifecycleText.ParseDate(citation.ExpiryDate) is { } until =>
            $"（注：所引文件已于{until:yyyy年M月d日}到期）",
        Retrieval.Lifecycle.LifecycleText.Expired => "（注：所引文件已失效）",
        Retrieval.Lifecycle.LifecycleText.Repealed when citation.ReplacedBy is [var by, ..] => $"（注：所引文件已废止，已被{(by.Text.Contains('《') ? by.Text : "《" + by.Text + "》")}替代）",
        Retrieval.Lifecycle.LifecycleText.Repealed => "（注：所引文件已废止）",
        _ => "",
    };

    private static string SentenceOf(Span s) => s.Signals is { } g ? s.Hit.Text[g.SentenceStart..g.SentenceEnd] : s.Hit.Text[s.Start..s.End];

    /// <summary>What is worked out of a question once, for all the sentences of its passages (and the passages folded).</summary>
    private sealed record QuestionReading(
        string Question, Dictionary<string, double> Bigrams, Dictionary<string, double> Characters, AnswerKind Kind, AnswerShape Shape,
        Regex? Cue, QuestionPlaces Places, List<string> Names, bool AsksFinal, bool AsksIssueDate, HashSet<string> Focus,
        List<(string Year, string Name)> NamedEditions, HashSet<char> QuestionCharacters, Reader.QuestionFrame Frame, List<string> FoldedHits, int QuestionKind)
    {
        public static QuestionReading Of(string question, IReadOnlyList<SearchHit> hits)
        {
            var texts = hits.Select(h => ScriptNormalizer.FoldLower(h.Text)).ToList();
            return new QuestionReading(question, Weights(question, texts), CharacterWeights(question, texts), AnswerType.Of(question),
                AnswerShape.Of(question), AnswerCue.Of(question), QuestionPlaces.Of(question), NamesQuoted(question),
                FinalFigure().IsMatch(question), IssueDateQuestion().IsMatch(question), QuestionFocus.Bigrams(question), Editions(question),
                ScriptNormalizer.FoldLower(question).ToHashSet(), Reader.QuestionFrame.Of(question), texts,
                Reader.QuestionKinds.Of(question));
        }
    }

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
    /// The candidate answers of a question over its passages, with their features: each sentence (headings and
    /// titles left out), its trimmed form, and each run of one to three of its clauses. For `train-reader`.
    /// </summary>
    public IReadOnlyList<Candidate> Candidates(string question, IReadOnlyList<SearchHit> hits)
    {
        var q = QuestionReading.Of(question, hits);
        return CandidateSpans(q, hits, QuestionYears.Of(question))
            .Select(c => new Candidate(c.Span.Hit.PassageId, c.Span.Start, c.Span.End, c.Span.Hit.Text[c.Span.Start..c.Span.End], c.Features))
            .ToList();
    }

    private List<(Span Span, Reader.ReaderFeatures Features)> CandidateSpans(QuestionReading q, IReadOnlyList<SearchHit> hits, IReadOnlyList<int> years)
    {
        var candidates = SpansOf(q, hits, years).ToList();
        if (candidates.Count == 0) return candidates;
        // Against the question's other candidates: the best coverage and hand-written score among them.
        var bestCoverage = Math.Max(1e-6f, candidates.Max(c => c.Features.SpanCoverage));
        var bestScore = Math.Max(1e-6f, candidates.Max(c => c.Features.RuleScore));
        return candidates.Select(c => (c.Span, c.Features with { CoverageVsBest = c.Features.SpanCoverage / bestCoverage, ScoreVsBest = c.Features.RuleScore / bestScore })).ToList();
    }

    private IEnumerable<(Span Span, Reader.ReaderFeatures Features)> SpansOf(QuestionReading q, IReadOnlyList<SearchHit> hits, IReadOnlyList<int> years)
    {
        var topScore = Math.Max(1e-6, hits.Count == 0 ? 1 : hits.Max(h => h.Score));
        var max = q.Shape.Required is null ? options.Value.MaxDescriptionLength : options.Value.MaxAnswerLength;
        // A quoted name or a named edition is a constraint of every question, not a preference.
        var sentences = hits.Select((hit, rank) => (hit, rank))
            .Where(h => Mentions(h.hit, q.Names))
            .SelectMany(h => SentencesOf(h.hit, h.rank, q.Bigrams, q.Characters, q.Shape, q.Cue, years, q.Places, q.AsksIssueDate))
            .Where(s => !OtherEdition(s, q.NamedEditions))
            .OrderByDescending(s => s.Score)
            .ToList();
        for (var order = 0; order < sentences.Count; order++)
        {
            var sentence = sentences[order];
            var (hit, rank) = (sentence.Hit, sentence.Rank);
            var trimmed = Trim(sentence, q.Bigrams, q.Kind, q.Cue, q.Shape, q.Focus, max);
            var signals = sentence.Signals!;
            var sentenceText = hit.Text[sentence.Start..sentence.End];
            var elsewhere = AboutElsewhere(sentence, q.Places, q.Kind);
            var forecast = Forecast().IsMatch(sentenceText);
            // The passage as QuestionReading folded it (the same hits, in rank order).
            var foldedHit = q.FoldedHits[rank];
            var terms = TermsAt(foldedHit, sentence.Start, sentence.End, q.Bigrams);
            var seen = new HashSet<(int, int)>();
            foreach (var (start, end) in Variants(sentence, trimmed))
            {
                if (!seen.Add((start, end))) continue;
                var text = hit.Text[start..end];
                // The answer has the form asked for (a day for 哪天, a count of 家 for 多少家), and is a statement,
                // never a page's metadata line (来源：…　发布时间：…, 楼主 | 发表于 …).
                if (!q.Shape.Admits(text) || IsMetadataLine(text)) continue;
                var folded = ScriptNormalizer.FoldLower(text);
                var content = folded.Where(c => char.IsLetterOrDigit(c)).ToList();
                var features = new Reader.ReaderFeatures
                {
                    SentenceCoverage = (float)signals.Coverage,
                    CharacterCoverage = (float)signals.CharacterCoverage,
                    SpanCoverage = (float)FoldedCoverage(folded, q.Bigrams),
                    FocusInSpan = q.Focus.Any(f => folded.Contains(f, StringComparison.Ordinal)) ? 1 : 0,
                    Novelty = content.Count == 0 ? 0 : (float)content.Count(c => !q.QuestionCharacters.Contains(c)) / content.Count,
                    ShapeAsked = q.Shape.Required is null ? 0 : 1,
                    ShapeInSpan = q.Shape.Required is not null && q.Shape.IsMetBy(text) ? 1 : 0,
                    ShapeInSentence = signals.ShapeInSentence ? 1 : 0,
                    AskedKind = (float)q.Kind,
                    KindInSpan = q.Kind != AnswerKind.None && AnswerType.Holds(q.Kind, text) ? 1 : 0,
                    CueInSpan = q.Cue is not null && q.Cue.IsMatch(text) ? 1 : 0,
                    CueInSentence = signals.CueInSentence ? 1 : 0,
                    PassageRank = 1f / (rank + 1),
                    PassageScore = (float)(hit.Score / topScore),
                    SentencePosition = (float)signals.Position,
                    DefinesSubject = signals.Lead ? 1 : 0,
                    YearFits = signals.YearFits ? 1 : 0,
                    OtherYear = signals.OtherYear ? 1 : 0,
                    Elsewhere = elsewhere ? 1 : signals.OtherCity ? 0.5f : 0,
                    DistrictScope = signals.District ? 1 : 0,
                    Forecast = forecast ? 1 : 0,
                    AsksFinal = q.AsksFinal ? 1 : 0,
                    Byline = BylineLine().IsMatch(ScriptNormalizer.Fold(text)) ? 1 : 0,
                    SignatureDate = signals.Signature ? 1 : 0,
                    SpanLength = (end - start) / 100f,
                    SentenceLength = (sentence.End - sentence.Start) / 100f,
                    WholeSentence = start == sentence.Start && end == sentence.End ? 1 : 0,
                    TableRow = IsTableRow(text) ? 1 : 0,
                    RuleScore = (float)sentence.Score,
                    RuleRank = 1f / (order + 1),
                    RuleTrim = start == trimmed.Start && end == trimmed.End ? 1 : 0,
                };
                var (leftGap, rightGap) = q.Frame.Gaps(foldedHit, sentence.Start, sentence.End, start, end);
                var around = Math.Max(sentence.Start, start - ContextReach);
                var after = Math.Min(sentence.End, end + ContextReach);
                features = features with
                {
                    LeftGap = leftGap, RightGap = rightGap, TermGap = TermGap(terms, start, end),
                    QuestionKind = q.QuestionKind,
                    SpanShare = (end - start) / (float)Math.Max(1, sentence.End - sentence.Start),
                    ContextCoverage = (float)FoldedCoverage(foldedHit[around..start] + "\u0000" + foldedHit[end..after], q.Bigrams),
                    SpanHasFigure = Reader.QuestionKinds.HasFigure(folded) ? 1 : 0,
                    SpanHasQuote = Reader.QuestionKinds.HasQuote(folded) ? 1 : 0,
                    SpanHasLatin = Reader.QuestionKinds.HasLatin(folded) ? 1 : 0,
                    SpanHasTime = Reader.QuestionKinds.HasTime(folded) ? 1 : 0,
                    SpanHasPlace = Reader.QuestionKinds.HasPlace(folded) ? 1 : 0,
                };
                yield return (sentence with { Start = start, End = end }, features);
            }
        }
    }

    /// <summary>Characters either side of a span read as its context (<see cref="Reader.ReaderFeatures.ContextCoverage"/>).</summary>
    private const int ContextReach = 15;

    /// <summary>Where the question's bigrams stand in a sentence (offsets in the passage).</summary>
    private static List<(int Start, int End)> TermsAt(string folded, int start, int end, Dictionary<string, double> bigrams)
    {
        var found = new List<(int, int)>();
        for (var i = start; i + 2 <= end; i++)
        {
            if (bigrams.ContainsKey(folded.Substring(i, 2))) found.Add((i, i + 2));
        }
        return found;
    }

    /// <summary>Characters / 20 (at most 1) from a span to the nearest question bigram outside it; 1.5 if none is.</summary>
    private static float TermGap(List<(int Start, int End)> terms, int start, int end)
    {
        var best = int.MaxValue;
        foreach (var (s, e) in terms)
        {
            if (e <= start) best = Math.Min(best, start - e);
            else if (s >= end) best = Math.Min(best, s - end);
        }
        return best == int.MaxValue ? Reader.QuestionFrame.Absent : Math.Min(best, Reader.QuestionFrame.Reach) / (float)Reader.QuestionFrame.Reach;
    }

    /// <summary>A sentence, its trimmed form, and its runs of one to three clauses.</summary>
    private static IEnumerable<(int Start, int End)> Variants(Span sentence, Span trimmed)
    {
        yield return (sentence.Start, sentence.End);
        yield return (trimmed.Start, trimmed.End);
        var clauses = Clauses(sentence.Hit.Text, sentence.Start, sentence.End);
        if (clauses.Count <= 1) yield break;
        for (var first = 0; first < clauses.Count; first++)
        {
            for (var last = first; last < Math.Min(clauses.Count, first + 3); last++)
            {
                var end = clauses[last].End;
                while (end > clauses[first].Start && IsClauseBreak(sentence.Hit.Text[end - 1])) end--;
                if (end - clauses[first].Start >= 2) yield return (clauses[first].Start, end);
            }
        }
    }

    /// <summary>
    /// A line of page metadata, never an answer: it begins with a byline or post-header label (来源, 发布时间, 楼主,
    /// 发表于, 作者, （记者 …) and states nothing (no full stop).
    /// </summary>
    internal static bool IsMetadataLine(string span) => MetadataLead().IsMatch(span) && !span.Contains('。');

    [GeneratedRegex(@"^\s*[（(【]?\s*(?:信息来源|来源|楼主|发表于|作者|记者|本报记者|通讯员|责任编辑|编辑|发布时间|发布日期|发布会时间|浏览次数|转载)")]
    private static partial Regex MetadataLead();

    /// <summary>Page metadata rather than a statement: bylines, forum post headers, 来源/记者/发布时间 lines.</summary>
    [GeneratedRegex(@"(楼主|发表于|只看该作者|来源[:：]|记者|编辑[:：]|责任编辑|发布时间|发布日期|浏览次数|阅读[:：]|点击[:：]|字号)")]
    private static partial Regex BylineLine();

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

    /// <summary>
    /// Whether a statement can be about the years a question names (去年 in the question counting too): one that
    /// states another year is not; one whose year comes only from its context may be, if its document is of that
    /// year or the next (reports look back).
    /// </summary>
    private bool FitsYears(Span span, IReadOnlyList<int> named, Dictionary<string, string> documents)
    {
        var (year, stated) = AboutYear(span, documents);
        var asked = new HashSet<int>(named);
        if (asked.Contains(year)) return true;
        if (stated) return false;
        // A document without a publish date gives nothing to reason from: its context does not rule it out.
        if (span.Hit.Date.Length == 0) return true;
        return asked.Any(y => span.Hit.Year == y || span.Hit.Year == y + 1);
    }

    /// <summary>The year a span's statement is about, read in its document (a section's year can be set well before the passage).</summary>
    private (int Year, bool Stated) AboutYear(Span span, Dictionary<string, string> documents)
    {
        var hit = span.Hit;
        // The statement's figure; without one (a date, a name), the whole statement: a year it states anywhere counts.
        var first = FigureExtractor.FirstIndex(hit.Text[span.Start..span.End]);
        var figure = first >= 0 ? span.Start + first : span.End;
        if (!documents.TryGetValue(hit.DocumentId, out var documentText))
        {
            documentText = documents[hit.DocumentId] = index.GetDocumentText(hit.DocumentId) ?? "";
        }
        return documentText.Length >= hit.End
            ? YearAttribution.Attribute(documentText, hit.Start + figure, hit.Year)
            : YearAttribution.Attribute(hit.Text, figure, hit.Year);
    }

    /// <summary>"2023年和2024年分别…": the question without its years, answered for each year, one cited item each.</summary>
    private Answer PerYearAnswer(AskRequest request, IReadOnlyList<int> years)
    {
        var question = QuestionYears.Strip(request.Question);
        var parts = new List<string>();
        var citations = new List<Citation>();
        var passages = new List<SearchHit>();
        foreach (var year in years)
        {
            var answer = AnswerForYear(question, year, request.Filters);
            passages.AddRange(answer.Passages.Where(p => passages.All(q => q.PassageId != p.PassageId)));
            if (answer.Abstained)
            {
                parts.Add($"{year}年：未找到");
                continue;
            }
            var citation = answer.Citations[0] with { N = citations.Count + 1 };
            citations.Add(citation);
            parts.Add($"{year}年：{citation.Quote} [{citation.N}]");
        }
        if (citations.Count == 0) return Abstain(request.Question, passages);
        return new Answer(request.Question, string.Join("；", parts), false, Mode, citations, passages);
    }

    /// <summary>
    /// The answer about one year: drawn from that year's documents and later ones (reports look back), from a
    /// statement that is about that year (see <see cref="YearAttribution"/>), never from another year's figure.
    /// </summary>
    public Answer AnswerForYear(string question, int year, SearchFilters filters)
    {
        var o = options.Value;
        var from = Math.Max(filters.From ?? year, year);
        var to = Math.Min(filters.To ?? year + YearsLookingBack, year + YearsLookingBack);
        var yearQuestion = $"{year}年{question}";
        if (from > to) return Abstain(yearQuestion, []);
        var hits = searcher.Search(new SearchRequest(yearQuestion, filters with { Year = null, From = from, To = to }, o.Passages * 2)).Results;
        if (hits.Count == 0) return Abstain(yearQuestion, hits);
        var documents = new Dictionary<string, string>();
        // The year a statement is about can be set well before its passage (a report's "2023年是…的一年" section).
        var span = BestSpan(question, hits, [year], YearCandidatesTried, s => AboutYear(s, documents).Year == year, belowThresholdToo: true);
        if (span is null) return Abstain(yearQuestion, hits);
        var citation = Cite(1, span);
        return new Answer(yearQuestion, $"{citation.Quote} [1]", false, Mode, [citation], hits) { Confidence = span.Confidence };
    }

    /// <summary>
    /// The year a cited quote's statement is about, read in its document as for extractive answers (a chat model's
    /// citation of a year's answer is checked with it).
    /// </summary>
    public int YearOf(Citation citation, SearchHit passage) =>
        AboutYear(new Span(passage, 0, citation.Start - passage.Start, citation.End - passage.Start, 0, 0), []).Year;

    /// <summary>More sentences are tried for one year than for a question: most are about other years.</summary>
    private const int YearCandidatesTried = 20;

    /// <summary>How many years after a year its results may still be reported (a 2022 press conference gives 2021's).</summary>
    private const int YearsLookingBack = 2;

    private static Answer Abstain(string question, IReadOnlyList<SearchHit> hits) =>
        new(question, NotFound, true, Mode, [], hits);

    private static Citation Cite(int n, Span s) =>
        new(n, s.Hit.DocumentId, s.Hit.File, s.Hit.Title, s.Hit.Date, s.Hit.PassageId,
            s.Hit.Text[s.Start..s.End], s.Hit.Start + s.Start, s.Hit.Start + s.End) { Page = Passage.PageAt(s.Hit.Page, s.Hit.PageBreaks, s.Start), HeadingPath = Passage.PathAt(s.Hit.HeadingPath, s.Hit.Text, s.Start), Lifecycle = s.Hit.Lifecycle };

    private IEnumerable<Span> SentencesOf(SearchHit hit, int rank, Dictionary<string, double> weights, Dictionary<string, double> characters, AnswerShape shape, Regex? cue, IReadOnlyList<int> years, QuestionPlaces places, bool asksIssueDate)
    {
        var seenStatement = false;
        var sentences = SentenceMatcher.Sentences(hit.Text).ToList();
        var ordinal = -1;
        foreach (var (rawStart, rawEnd) in sentences)
        {
            ordinal++;
            var (start, end) = (rawStart, rawEnd);
            while (start < end && char.IsWhiteSpace(hit.Text[start])) start++;
            // A line ends at its line break: the answer quotes the line, not the break.
            while (end > start && char.IsWhiteSpace(hit.Text[end - 1])) end--;
            if (end - start < 4) continue;
            var text = hit.Text[start..end];
            // Titles and headings name a topic; they do not answer a question about it. A line that is only a date
            // is a document's signature date (落款): it answers when the document was issued.
            var signature = asksIssueDate && SignatureDate().IsMatch(text);
            if (IsHeading(text, hit) && !signature) continue;
            // A document's first statement that begins with its subject defines it (李成栋，字廷贞，山西人。).
            var lead = hit.Start == 0 && !seenStatement && Defines(text, hit.Title);
            seenStatement = true;
            // A document's title names what all its sentences are about ("水深0至12公尺。" in 背斑眶锯雀鲷's article):
            // the question's words that the title holds count for every sentence, so the sentence holding the rest wins
            // (and the documents are taken to answer when title and sentence together cover enough of the question).
            var titled = ScriptNormalizer.FoldLower(hit.Title + "\n" + text);
            var coverage = FoldedCoverage(titled, weights);
            var characterCoverage = FoldedCoverage(titled, characters);
            var shapeMet = shape.Required is not null && (shape.IsMetBy(text) || (AnswerCue.IsAgent(cue) && cue!.IsMatch(text)));
            var yearFits = years.Count > 0 && years.Any(y => text.Contains(y + "年") || hit.Year == y);
            var district = places.CityLevel && DistrictScope().IsMatch(text);
            var otherCity = places.PrefersHome && PlaceGazetteer.CitiesNamed(text) is { Count: > 0 } cities && !cities.Contains(PlaceGazetteer.Home);
            var cueMet = cue is not null && cue.IsMatch(text);
            var signals = new SentenceSignals(start, end, coverage, characterCoverage, shapeMet, cueMet, lead, signature,
                yearFits, years.Count > 0 && !yearFits && StatedYear().IsMatch(text), district, otherCity, sentences.Count <= 1 ? 0 : (double)ordinal / (sentences.Count - 1));
            var score = coverage
                // Characters break ties between sentences covering the same words (执导 for 导演, 筑成 for 建成).
                + CharacterShare * characterCoverage
                // "由中集来福士承建" names the builder asked for, though the name has no 公司 or 集团 to show it.
                + (shapeMet ? (shape.Strict ? 0.15 : 0.3) : 0)
                + (cueMet ? CueBonus : 0)
                + RankBonus / (rank + 1)
                // Between sentences that cover the question alike, the one defining the document's subject.
                + (lead ? DefinitionBonus : 0)
                // Asked when the document was issued, its signature date says it; a date in its text is of something else.
                + (signature ? SignatureBonus : 0)
                + (yearFits ? 0.05 : 0)
                - (text.Length < 12 ? 0.1 : 0)
                // A district's figure (全区, 新区) does not answer a question about the city.
                - (district ? 0.1 : 0)
                // A question naming no place is about Qingdao: another city's statement comes after Qingdao's.
                - (otherCity ? 0.1 : 0);
            yield return new Span(hit, rank, start, end, coverage, score) { Signals = signals };
        }
    }

    /// <summary>
    /// Whether a document's first sentence defines its subject: it begins with the title (without a qualifier in
    /// brackets, 李成栋 (明朝) → 李成栋), as an encyclopedia's articles do ("李成栋（），字廷贞，山西人。").
    /// </summary>
    private static bool Defines(string sentence, string title)
    {
        var subject = Compact(ScriptNormalizer.FoldLower(Qualifier().Replace(title, "")));
        return subject.Length >= 2 && Compact(ScriptNormalizer.FoldLower(sentence)).StartsWith(subject, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s*[(（][^)）]*[)）]\s*$")]
    private static partial Regex Qualifier();

    /// <summary>When a document was issued or signed: 印发通知落款是哪天, 是哪天印发的, 成文日期.</summary>
    [GeneratedRegex("((落款|成文|印发|签发|发文|发布).{0,6}(哪天|哪一天|日期|几月几日)|(哪天|哪一天|几月几日).{0,4}(印发|签发|发文|发布))")]
    private static partial Regex IssueDateQuestion();

    [GeneratedRegex(@"^\s*(19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$")]
    private static partial Regex SignatureDate();

    [GeneratedRegex(@"(19|20)\d{2}年")]
    private static partial Regex StatedYear();

    [GeneratedRegex("(全区|新区|区委|区政府)")]
    private static partial Regex DistrictScope();

    /// <summary>What a question says about where: the cities it is about (those it names, else Qingdao, since this is
    /// Qingdao's bureau), whether it names one, asks for a wider figure or which place, and whether it is about the
    /// city as a whole (no district named).</summary>
    private sealed record QuestionPlaces(IReadOnlySet<string> Cities, bool NamesCity, bool AsksWider, bool CityLevel)
    {
        public bool PrefersHome => !NamesCity && !AsksWider;

        public static QuestionPlaces Of(string question)
        {
            var named = PlaceGazetteer.CitiesNamed(question);
            return new QuestionPlaces(
                named.Count > 0 ? named : new HashSet<string> { PlaceGazetteer.Home },
                named.Count > 0,
                WiderScope().IsMatch(ScriptNormalizer.Fold(question)) || WhichPlace().IsMatch(question),
                !PlaceGazetteer.Find(question).Contains(PlaceGazetteer.District) && !question.Contains('区'));
        }
    }

    /// <summary>
    /// A statement about somewhere else does not answer: another city's (by name, or in another city's document),
    /// or the nation's or province's total when the question is about a city.
    /// </summary>
    private static bool AboutElsewhere(Span s, QuestionPlaces places, AnswerKind kind)
    {
        var (cities, namesCity, asksWider) = (places.Cities, places.NamesCity, places.AsksWider);
        var text = s.Hit.Text[s.Start..s.End];
        var named = PlaceGazetteer.CitiesNamed(text);
        if (asksWider && named.Count > 0) return false;
        // Another city named in the sentence rules it out when the question names its city; when it names none
        // (Qingdao's by default) the sentence is only ranked lower (see SentencesOf).
        if (named.Count > 0) return namesCity && !named.Overlaps(cities);
        var documentCities = s.Hit.Places.Where(PlaceGazetteer.IsCity).ToList();
        if (namesCity && documentCities.Count > 0) return !documentCities.Any(cities.Contains);
        if (asksWider) return false;
        // Asked for a city's figure, a national or provincial document's figures are the nation's or province's
        // (its rules, though, apply everywhere).
        if (namesCity && kind == AnswerKind.Number && s.Hit.Places.Count > 0 && !text.Contains("全市", StringComparison.Ordinal)) return true;
        return WiderScope().IsMatch(text) && !text.Contains("全市", StringComparison.Ordinal);
    }

    [GeneratedRegex("(哪个城市|哪座城市|哪个市|哪些城市|哪个地方|哪里|哪些地方)")]
    private static partial Regex WhichPlace();

    [GeneratedRegex("(全国|全省|山东省|中国海洋)")]
    private static partial Regex WiderScope();

    private static bool IsHeading(string text, SearchHit hit) =>
        text.Trim() == hit.Title.Trim() || (text.Length <= 40 && !ClauseMark().IsMatch(text) && !IsTableRow(text)) || FormFields().IsMatch(text) || text.TrimEnd().EndsWith('？') || text.TrimEnd().EndsWith('?');

    /// <summary>A table's row (cells set apart by ideographic spaces at ingest) stating a figure: 海洋生产总值　突破1500亿元.</summary>
    private static bool IsTableRow(string text) => text.Trim().Contains('\u3000') && text.Any(char.IsAsciiDigit);

    /// <summary>A document's form fields (发布单位：…　　发布日期：…, 来源：…　｜　发布时间：…): its metadata, not a statement.</summary>
    [GeneratedRegex(@"^\s*[^，。；\s]{2,8}[：:][^，。；]*?[\s\u3000|｜]{2,}[^，。；\s]{2,8}[：:]")]
    private static partial Regex FormFields();

    [GeneratedRegex("[，。；：,;:！？]")]
    private static partial Regex ClauseMark();

    /// <summary>A long sentence is cut to the clauses that answer: the best clause, then its neighbours while they fit.</summary>
    private static Span Trim(Span s, Dictionary<string, double> weights, AnswerKind kind, Regex? cue, AnswerShape shape, HashSet<string> focus, int max)
    {
        var text = s.Hit.Text;
        if (s.End - s.Start <= max) return s;
        var clauses = Clauses(text, s.Start, s.End);
        if (clauses.Count <= 1) return s;
        // Each clause as written and folded once: the scores and the focus check below read both.
        var parts = clauses.Select(c => text[c.Start..c.End]).Select(t => (Text: t, Folded: ScriptNormalizer.FoldLower(t))).ToList();
        double ClauseScore(int i) =>
            FoldedCoverage(parts[i].Folded, weights) + (kind != AnswerKind.None && AnswerType.Holds(kind, parts[i].Text) ? 0.3 : 0)
            + (cue is not null && cue.IsMatch(parts[i].Text) ? 0.3 : 0);
        // The clause stating the value asked for (成立于1968年 for 哪年成立) next to the question's focus word is the
        // answer, though the clause naming the subject covers more of the question.
        var indices = Enumerable.Range(0, clauses.Count).ToList();
        if (shape.Required is not null && focus.Count > 0)
        {
            var stating = indices.Where(i => shape.IsMetBy(parts[i].Text) && focus.Any(f => parts[i].Folded.Contains(f, StringComparison.Ordinal))).ToList();
            if (stating.Count > 0) indices = stating;
        }
        var bestIndex = indices.MaxBy(ClauseScore);
        int first = bestIndex, last = bestIndex;
        while (true)
        {
            var grew = false;
            // Context before the answer (its subject) first, then what follows it.
            if (first > 0 && clauses[last].End - clauses[first - 1].Start <= max) { first--; grew = true; }
            else if (last < clauses.Count - 1 && clauses[last + 1].End - clauses[first].Start <= max) { last++; grew = true; }
            if (!grew) break;
        }
        var end = clauses[last].End;
        while (end > clauses[first].Start && IsClauseBreak(text[end - 1])) end--;
        return s with { Start = clauses[first].Start, End = end };
    }

    /// <summary>The clauses of text[start..end], each with its closing mark.</summary>
    private static List<(int Start, int End)> Clauses(string text, int start, int end)
    {
        var clauses = new List<(int Start, int End)>();
        var clauseStart = start;
        for (var i = start; i < end; i++)
        {
            // A colon or comma between digits (20:30, 1:30, 1,000) is part of a figure, not a clause break.
            var inFigure = text[i] is ':' or ',' && i > start && i + 1 < end && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]);
            if ((IsClauseBreak(text[i]) && !inFigure) || i == end - 1)
            {
                clauses.Add((clauseStart, i + 1));
                clauseStart = i + 1;
            }
        }
        return clauses;
    }

    private static bool IsClauseBreak(char c) => c is '，' or ',' or '：' or ':' or '；' or ';';

    /// <summary>The share of the weighted terms a text (already folded to Simplified, lower case) holds.</summary>
    private static double FoldedCoverage(string folded, Dictionary<string, double> weights)
    {
        var total = weights.Values.Sum();
        if (total <= 0) return 0;
        return weights.Where(w => folded.Contains(w.Key, StringComparison.Ordinal)).Sum(w => w.Value) / total;
    }

    /// <summary>
    /// The question's bigrams (question words removed), weighted by rarity among the retrieved passages
    /// (<paramref name="texts"/>, folded).
    /// </summary>
    private static Dictionary<string, double> Weights(string question, List<string> texts)
    {
        var stripped = QuestionFocus.Content(question);
        var bigrams = SentenceMatcher.Bigrams(stripped);
        double Weight(string b) => Rarity(b, texts);
        var across = QuestionFocus.AcrossWords(stripped);
        var weights = bigrams.ToDictionary(b => b, b => Weight(b) * (across.Contains(b) ? AcrossWordsFactor : 1));
        // The question's words without what separates them ("完成了多少投资" → 完成投资): the documents say it that way.
        var joined = new string(ScriptNormalizer.FoldLower(stripped).Where(c => !char.IsWhiteSpace(c) && !QuestionFocus.IsParticle(c)).ToArray());
        foreach (var bigram in SentenceMatcher.Bigrams(joined))
        {
            if (!weights.ContainsKey(bigram) && texts.Any(t => t.Contains(bigram, StringComparison.Ordinal))) weights[bigram] = Weight(bigram);
        }
        // A question in other words (绿潮 for 浒苔, 造船 for 船舶工业): the documents' word stands in for the question's.
        foreach (var (term, alternatives) in Thesaurus.Expansions(question))
        {
            var used = alternatives.Where(a => texts.Any(t => t.Contains(a, StringComparison.Ordinal))).ToList();
            if (used.Count == 0) continue;
            foreach (var bigram in used.SelectMany(SentenceMatcher.Bigrams)) weights.TryAdd(bigram, Weight(bigram));
            foreach (var bigram in SentenceMatcher.Bigrams(term).Where(b => !texts.Any(t => t.Contains(b, StringComparison.Ordinal)))) weights.Remove(bigram);
        }
        // What the question asks about comes last in Chinese ("…会议是谁主持的" → 主持; "…完成了多少投资" → 投资):
        // the words right before the question mark count double.
        QuestionFocus.Emphasise(weights, question, texts, FocusFactor);
        return weights;
    }

    private const double FocusFactor = 2;

    /// <summary>A bigram joining a particle to its neighbour counts this much (see <see cref="QuestionFocus.AcrossWords"/>).</summary>
    private const double AcrossWordsFactor = 0.25;

    /// <summary>How much the question's single characters add to a sentence's score, breaking ties between sentences.</summary>
    private const double CharacterShare = 0.4;

    /// <summary>Added for a where-, why-, how- or by-whom cue (see <see cref="AnswerCue"/>).</summary>
    private const double CueBonus = 0.15;

    /// <summary>What a document's signature date gains when the question asks when the document was issued.</summary>
    private const double SignatureBonus = 0.3;

    /// <summary>What a document's defining first sentence gains: a tie-breaker (CMRC 2018 hit 0.822 → 0.829, qa-dev unchanged).</summary>
    private const double DefinitionBonus = 0.05;

    /// <summary>Added for a sentence of the best passage, halved for the second and so on.</summary>
    private const double RankBonus = 0.25;

    /// <summary>The question's characters (question words and particles removed), weighted by rarity among the passages.</summary>
    private static Dictionary<string, double> CharacterWeights(string question, List<string> texts)
    {
        var folded = ScriptNormalizer.FoldLower(QuestionFocus.Content(question));
        return folded.Where(c => char.IsLetterOrDigit(c) && !QuestionFocus.IsParticle(c)).Select(c => c.ToString()).Distinct()
            .ToDictionary(c => c, c => Rarity(c, texts));
    }

    /// <summary>How rare a term is among the retrieved passages: rarer weighs more.</summary>
    private static double Rarity(string term, List<string> texts) =>
        Math.Log(1 + (double)(texts.Count + 1) / (texts.Count(t => t.Contains(term, StringComparison.Ordinal)) + 1));

    [GeneratedRegex("(分别|各自|各有|各是|每年|两年|哪一年更|相比)")]
    private static partial Regex PerYear();
}
