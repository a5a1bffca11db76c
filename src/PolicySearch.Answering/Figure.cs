using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>A figure stated in an answer, normalised so that years can be drawn on one axis.</summary>
/// <param name="Value">The value in <paramref name="Unit"/> (万亿元 are given in 亿元); a fall is negative.</param>
/// <param name="Text">The figure as written in the document (Traditional stays Traditional).</param>
/// <param name="Kind"><c>amount</c>, or <c>growth</c> for a rate of change (增长10.2%).</param>
public sealed record Figure(double Value, string Unit, string Text, [property: JsonPropertyName("kind")] string Kind)
{
    /// <summary>The clause the figure closes (what it is a figure of), for choosing among several.</summary>
    [JsonIgnore] public string Clause { get; init; } = "";

    public const string Amount = "amount";
    public const string Growth = "growth";
}

/// <summary>Finds the figures in a text: a number with a unit (亿元, 个, 家, %, 万吨, 公里, 公顷 …).</summary>
public static partial class FigureExtractor
{
    public static IReadOnlyList<Figure> Extract(string text)
    {
        var folded = ScriptNormalizer.Fold(text);
        var figures = new List<Figure>();
        var (previousEnd, previousClause) = (0, 0);
        foreach (Match m in Number().Matches(folded))
        {
            if (!double.TryParse(m.Groups["n"].Value.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            var unit = m.Groups["u"].Value;
            (value, unit) = unit switch
            {
                "万亿元" or "万亿" => (value * 10000, "亿元"),
                "亿" => (value, "亿元"),
                "％" => (value, "%"),
                "平方公里" => (value, "平方千米"),
                "千米" => (value, "公里"),
                _ => (value, unit),
            };
            var kind = Figure.Amount;
            if (unit == "%")
            {
                var before = folded[Math.Max(0, m.Index - 8)..m.Index];
                var change = Change().Matches(before).LastOrDefault();
                if (change is not null)
                {
                    kind = Figure.Growth;
                    if (change.Value is "下降" or "减少" or "回落" or "降低") value = -value;
                }
            }
            // The clause runs back to the previous figure or the sentence's start; a bare "，比上年增长" after
            // another figure takes that figure's subject too (海洋生产总值为5181.3亿元，比上年增长6.5%).
            var clauseStart = m.Index;
            while (clauseStart > previousEnd && folded[clauseStart - 1] is not ('。' or '；' or ';' or '\n')) clauseStart--;
            if (clauseStart == previousEnd && m.Index - clauseStart < 8 && previousEnd > 0) clauseStart = previousClause;
            (previousEnd, previousClause) = (m.Index + m.Length, clauseStart);
            // Shown in one script whatever the document's (2,000億元 → 2,000亿元); quotes keep the document's own.
            figures.Add(new Figure(Math.Round(value, 4), unit, PolicySearch.Retrieval.ScriptNormalizer.Fold(text.Substring(m.Index, m.Length)), kind) { Clause = folded[clauseStart..m.Index] });
        }
        return figures;
    }

    /// <summary>Where the first figure of a text starts, or -1.</summary>
    public static int FirstIndex(string text) => Number().Match(ScriptNormalizer.Fold(text)) is { Success: true } m ? m.Index : -1;

    /// <summary>
    /// The figure a question is after: a rate when it asks about growth; the unit it names (多少处 → 处); money
    /// when it asks about a value or an investment; otherwise the first amount.
    /// </summary>
    public static Figure? Primary(string question, IReadOnlyList<Figure> figures)
    {
        var q = ScriptNormalizer.Fold(question);
        var terms = SentenceMatcher.Bigrams(q);
        // Among figures of the kind asked for, the one whose clause shares most of the question's words.
        Figure? Best(IEnumerable<Figure> candidates) =>
            candidates.Select((f, i) => (f, Score: SentenceMatcher.Bigrams(f.Clause).Count(terms.Contains) - i * 0.01))
                .OrderByDescending(x => x.Score).Select(x => x.f).FirstOrDefault();
        if (GrowthQuestion().IsMatch(q)) return Best(figures.Where(f => f.Kind == Figure.Growth)) ?? figures.FirstOrDefault();
        var amounts = figures.Where(f => f.Kind == Figure.Amount).ToList();
        if (AskedUnit().Match(q) is { Success: true } unit && Best(amounts.Where(f => f.Unit.EndsWith(unit.Groups[1].Value, StringComparison.Ordinal))) is { } named)
        {
            return named;
        }
        if (MoneyQuestion().IsMatch(q) && Best(amounts.Where(f => f.Unit.EndsWith('元'))) is { } money) return money;
        return Best(amounts.Where(f => f.Unit != "%")) ?? figures.FirstOrDefault();
    }

    [GeneratedRegex(@"(?<![\d.])(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?<u>万亿元|万亿|亿元|亿|万元|万吨|吨|平方千米|平方公里|千米|公里|公顷|万亩|亩|万人|人|个|家|处|项|艘|座|条|%|％)")]
    private static partial Regex Number();

    [GeneratedRegex("(增长|增加|提高|上升|增速|增幅|下降|减少|回落|降低)")]
    private static partial Regex Change();

    [GeneratedRegex("(?:多少|几)(个|家|处|项|艘|座|条|人|万吨|吨|公里|公顷|亩|平方千米)")]
    private static partial Regex AskedUnit();

    [GeneratedRegex("(总值|产值|投资|收入|金额|营收|总量|资金|亿元)")]
    private static partial Regex MoneyQuestion();

    [GeneratedRegex("(增长|增速|增幅|增加了?多少|提高了?多少|下降|减少)")]
    private static partial Regex GrowthQuestion();
}
