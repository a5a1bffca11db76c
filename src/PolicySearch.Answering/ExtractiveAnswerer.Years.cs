using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// A question over several years, answered year by year, and the year a statement is about (read in its document).
/// </summary>
public sealed partial class ExtractiveAnswerer
{
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
}
