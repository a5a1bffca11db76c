using System.Text.RegularExpressions;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

public sealed record CompareMetrics(int Questions, int Cells, double OwnAnswer, int OtherYearFigure, int Abstained);

/// <summary>
/// Scores `compare` on the set's compare questions, recast as the question without its years plus the years:
/// a year's cell should hold that year's gold answer and never another year's.
/// </summary>
public static partial class CompareEvaluator
{
    /// <summary>The metrics of several parts of a question set (the folds of a cross-validation) as one.</summary>
    public static CompareMetrics? Sum(IEnumerable<CompareMetrics?> parts)
    {
        var list = parts.OfType<CompareMetrics>().ToList();
        if (list.Count == 0) return null;
        var cells = list.Sum(m => m.Cells);
        return new CompareMetrics(list.Sum(m => m.Questions), cells, cells == 0 ? 0 : list.Sum(m => m.OwnAnswer * m.Cells) / cells,
            list.Sum(m => m.OtherYearFigure), list.Sum(m => m.Abstained));
    }

    public static CompareMetrics? Evaluate(IReadOnlyList<EvalQuestion> questions, PolicyIndex index, YearComparer comparer)
    {
        var compareQuestions = questions.Where(q => q.Type == "compare" && q.Years.Count >= 2 && q.Answers.Count > 0).ToList();
        if (compareQuestions.Count == 0) return null;
        int cells = 0, own = 0, other = 0, abstained = 0;
        foreach (var q in compareQuestions)
        {
            var byYear = AnswersByYear(q);
            var result = comparer.CompareAsync(new CompareRequest(QuestionYears.Strip(q.Question), q.Years, new SearchFilters())).GetAwaiter().GetResult();
            foreach (var cell in result.Years)
            {
                cells++;
                if (cell.Abstained) { abstained++; continue; }
                var text = RetrievalEvaluator.Normalize(ScriptNormalizer.Fold(cell.AnswerText));
                var mine = byYear.GetValueOrDefault(cell.Year) ?? [];
                if (mine.Any(a => text.Contains(a, StringComparison.Ordinal))) own++;
                if (byYear.Where(kv => kv.Key != cell.Year).SelectMany(kv => kv.Value).Any(a => !mine.Contains(a) && text.Contains(a, StringComparison.Ordinal))) other++;
            }
        }
        return new CompareMetrics(compareQuestions.Count, cells, cells == 0 ? 0 : (double)own / cells, other, abstained);
    }

    /// <summary>
    /// Which gold answer belongs to which year. The set lists one answer per gold document; when its distinct
    /// answers are as many as its years they follow the years' order, otherwise each takes its document's year.
    /// </summary>
    private static Dictionary<int, List<string>> AnswersByYear(EvalQuestion q)
    {
        var normalized = q.AnswerPerGoldDoc.Select(a => RetrievalEvaluator.Normalize(ScriptNormalizer.Fold(a))).ToList();
        var distinct = normalized.Distinct().ToList();
        var byYear = q.Years.ToDictionary(y => y, _ => new List<string>());
        if (distinct.Count == q.Years.Count)
        {
            for (var i = 0; i < distinct.Count; i++) byYear[q.Years[i]].Add(distinct[i]);
            return byYear;
        }
        for (var i = 0; i < normalized.Count && i < q.GoldDocs.Count; i++)
        {
            var year = FileYear().Match(q.GoldDocs[i]) is { Success: true } m ? int.Parse(m.Groups[1].Value) : 0;
            var target = q.Years.Where(y => y <= year).DefaultIfEmpty(q.Years[0]).Max();
            if (!byYear[target].Contains(normalized[i])) byYear[target].Add(normalized[i]);
        }
        return byYear;
    }

    // The corpus names its files after their year (c08-wh-2022-…); only the scorer relies on that.
    [GeneratedRegex(@"-((?:19|20)\d{2})-")]
    private static partial Regex FileYear();
}
