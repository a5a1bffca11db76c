using System.Text.RegularExpressions;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

/// <summary>How one answer scored: the definitions of ../shared/eval/README.md.</summary>
public sealed record AnswerScore(bool Answerable, bool Abstained, bool Hit, bool Supported, int ValidCitations, int Citations, int Length);

public sealed record AnswerMetrics(int Questions, double Hit, double Supported, double CitationValidity, double AbstentionOnUnanswerable, double FalseAbstention, double MeanLength);

/// <summary>Answer metrics with the definitions of ../shared/eval/README.md.</summary>
public sealed partial class AnswerEvaluator(PolicyIndex index, RetrievalEvaluator files)
{
    /// <param name="scored">Told each question's answer and how it scored.</param>
    public Dictionary<string, AnswerMetrics> Evaluate(IReadOnlyList<EvalQuestion> questions, Func<EvalQuestion, Answer> ask, Action<EvalQuestion, Answer, AnswerScore>? scored = null)
    {
        var rows = questions.Where(q => q.GoldDocs.Count == 0 || q.Answers.Count > 0).Select(q =>
        {
            var answer = ask(q);
            var score = Score(q, answer);
            scored?.Invoke(q, answer, score);
            return (q.Type, score);
        }).ToList();
        var result = rows.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => Aggregate(g.Select(x => x.Item2).ToList()));
        result["all"] = Aggregate(rows.Select(r => r.Item2).ToList());
        return result;
    }

    private AnswerScore Score(EvalQuestion q, Answer answer)
    {
        // Keyword queries have no answer string: they count for retrieval only.
        var answerable = q.GoldDocs.Count > 0;
        var text = RetrievalEvaluator.Normalize(CitationMarks().Replace(answer.AnswerText, ""));
        var golds = q.Answers.Select(RetrievalEvaluator.Normalize).Distinct().ToList();
        // Compare questions need every distinct answer (one per year); others need one of the variants.
        // A validity question is answered by its verdict (the gold answers are the phrases that decide it).
        var hit = answerable && !answer.Abstained && golds.Count > 0 &&
                  (q.Status is { } verdict ? text.Contains(verdict, StringComparison.Ordinal) :
                   q.Type == "compare" ? DistinctAnswers(q).All(a => a.Any(v => text.Contains(v, StringComparison.Ordinal)))
                                       : golds.Any(g => text.Contains(g, StringComparison.Ordinal)));
        var supported = hit && answer.Citations.Any(c => files.FilesOf(c.DocumentId).Overlaps(q.GoldDocs));
        var valid = answer.Citations.Count(c => index.GetDocument(c.DocumentId) is { } d && c.End <= d.Text.Length && c.Start >= 0 && d.Text[c.Start..c.End] == c.Quote);
        return new AnswerScore(answerable, answer.Abstained, hit, supported, valid, answer.Citations.Count, CitationMarks().Replace(answer.AnswerText, "").Trim().Length);
    }

    /// <summary>Compare questions list one answer per gold document; answers equal after normalising (88個, 88个) are one.</summary>
    private static List<List<string>> DistinctAnswers(EvalQuestion q) =>
        q.Answers.Select(a => RetrievalEvaluator.Normalize(ScriptNormalizer.Fold(a)))
            .Distinct()
            .Select(folded => q.Answers.Where(a => RetrievalEvaluator.Normalize(ScriptNormalizer.Fold(a)) == folded).Select(RetrievalEvaluator.Normalize).ToList())
            .ToList();

    private static AnswerMetrics Aggregate(List<AnswerScore> rows)
    {
        var answerable = rows.Where(r => r.Answerable).ToList();
        var unanswerable = rows.Where(r => !r.Answerable).ToList();
        var answered = rows.Where(r => !r.Abstained).ToList();
        double Share(int n, int d) => d == 0 ? 0 : (double)n / d;
        return new AnswerMetrics(
            rows.Count,
            Share(answerable.Count(r => r.Hit), answerable.Count),
            Share(answerable.Count(r => r.Supported), answerable.Count),
            Share(rows.Sum(r => r.ValidCitations), rows.Sum(r => r.Citations)),
            Share(unanswerable.Count(r => r.Abstained), unanswerable.Count),
            Share(answerable.Count(r => r.Abstained), answerable.Count),
            answered.Count == 0 ? 0 : answered.Average(r => r.Length));
    }

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex CitationMarks();
}
