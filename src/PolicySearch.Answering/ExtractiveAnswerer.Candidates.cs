using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Candidates and their features: each sentence of the passages read, its trimmed form and its runs of clauses, each
/// described by <see cref="Reader.ReaderFeatures"/> for the learned reader (and, in training, by its text).
/// </summary>
public sealed partial class ExtractiveAnswerer
{
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

    /// <summary>A candidate as the reader scored it: its text and place, its rank order score and probability, its features.</summary>
    public sealed record ScoredCandidate(string Text, string PassageId, int PassageRank, int Start, int End, double Order, double Probability, Reader.ReaderFeatures Features);

    /// <summary>
    /// Why an answer is what it is: the question's <paramref name="count"/> best candidates over the passages an ask
    /// would read, in the reader's order (what `ask --explain` prints). Empty without a learned reader.
    /// </summary>
    public IReadOnlyList<ScoredCandidate> Explain(AskRequest request, int count)
    {
        if (reader is null || count <= 0) return [];
        var hits = searcher.Search(new SearchRequest(request.Question, request.Filters, options.Value.Passages)).Results;
        var candidates = CandidateSpans(QuestionReading.Of(request.Question, hits), hits, QuestionYears.Of(request.Question));
        if (candidates.Count == 0) return [];
        var features = candidates.Select(c => c.Features).ToList();
        var probabilities = reader.Score(features);
        var order = reader.Order(features, probabilities, candidates.Select(c => c.Span.End - c.Span.Start).ToList());
        return Enumerable.Range(0, candidates.Count).OrderByDescending(i => order[i]).Take(count).Select(i =>
        {
            var s = candidates[i].Span;
            return new ScoredCandidate(s.Hit.Text[s.Start..s.End], s.Hit.PassageId, s.Rank + 1, s.Hit.Start + s.Start, s.Hit.Start + s.End,
                Math.Round(order[i], 3), Math.Round(probabilities[i], 3), candidates[i].Features);
        }).ToList();
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
}
