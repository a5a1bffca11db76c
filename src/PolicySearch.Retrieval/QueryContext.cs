using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicySearch.Retrieval;

/// <summary>What a question says about when and where: the years it names (with 去年 relative to them) and its places.</summary>
public sealed partial record QueryContext(IReadOnlySet<int> Years, IReadOnlySet<string> Places)
{
    public static QueryContext Of(string question)
    {
        var folded = ScriptNormalizer.Fold(question);
        var years = new SortedSet<int>();
        foreach (Match m in YearPattern().Matches(folded)) years.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        if (years.Count > 0 && RelativePrevious().IsMatch(folded)) years.Add(years.Min - 1);
        return new QueryContext(years, PlaceGazetteer.Find(folded));
    }

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})(?:年|\s*上半年|\s*下半年)")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"(去年|上一年|上年|前一年)")]
    private static partial Regex RelativePrevious();
}
