using System.Globalization;
using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// The years a question names (2022年、2023年; 2022到2024年 as a range) and the question with them taken out, so
/// that the same question can be asked of each year in turn.
/// </summary>
public static partial class QuestionYears
{
    public static IReadOnlyList<int> Of(string question)
    {
        var folded = ScriptNormalizer.Fold(question);
        var years = new SortedSet<int>();
        foreach (Match range in YearRange().Matches(folded))
        {
            var (from, to) = (Year(range.Groups[1].Value), Year(range.Groups[2].Value));
            if (to >= from && to - from <= 20) for (var y = from; y <= to; y++) years.Add(y);
        }
        foreach (Match m in YearWord().Matches(folded)) years.Add(Year(m.Groups[1].Value));
        foreach (Match m in EventYear().Matches(folded)) years.Add(Year(m.Groups[1].Value));
        return years.ToList();
    }

    /// <summary>
    /// The question without its years and the words that join them: "2023年和2024年青岛海洋生产总值分别是多少？" →
    /// "青岛海洋生产总值分别是多少？".
    /// </summary>
    public static string Strip(string question)
    {
        var stripped = YearRange().Replace(question, "");
        stripped = YearList().Replace(stripped, "");
        stripped = PerYearWords().Replace(stripped, "");
        stripped = LeadingPunctuation().Replace(stripped, "");
        return stripped.Length > 0 ? stripped : question;
    }

    private static int Year(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})年?\s*(?:到|至|—|–|-|~|～)\s*((?:19|20)\d{2})年(?:底|末|初)?")]
    private static partial Regex YearRange();

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})年")]
    private static partial Regex YearWord();

    // An event named by its year: 2020东亚海洋合作平台青岛论坛, 2023厦门国际海洋周 (not 2000亿元, 2100万吨).
    [GeneratedRegex(@"(?<![\d.])((?:19|20)\d{2})(?=[\u4e00-\u9fff])(?![年亿万元个家处项艘座条吨米公顷亩人名位次倍天多余])")]
    private static partial Regex EventYear();

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}[年年](?:底|末|初)?(?:\s*[和与及、,，]\s*(?=(?:19|20)\d{2}))?")]
    private static partial Regex YearList();

    // "分别/各有" ask for one answer per year; asked of one year they only blur the question.
    [GeneratedRegex("(分别|各自|各有|各是|每年)")]
    private static partial Regex PerYearWords();

    [GeneratedRegex(@"^[\s，,、和与及的]+")]
    private static partial Regex LeadingPunctuation();
}
