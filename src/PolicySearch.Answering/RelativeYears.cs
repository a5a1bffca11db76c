using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// 今年 / 去年 / 前年 / 明年 in a question mean years counted from the day it is asked, unless the question names a
/// year itself (2021年…去年 is the document's own way of speaking of 2020, and stays as asked). The question is asked
/// with the years written out, and the answer says how it was read.
/// </summary>
public static partial class RelativeYears
{
    /// <summary>The question with its relative years written out as of <paramref name="today"/>; null when it has none to resolve.</summary>
    public static string? Resolve(string question, DateOnly today)
    {
        if (QuestionYears.Of(question).Count > 0) return null;
        var resolved = Relative().Replace(question, m => $"{today.Year + Offset(m.Value)}年");
        return resolved == question ? null : resolved;
    }

    private static int Offset(string word) => ScriptNormalizer.Fold(word) switch
    {
        "今年" or "本年度" or "今年度" => 0,
        "去年" => -1,
        "前年" => -2,
        "明年" => 1,
        _ => 0,
    };

    // Not 上年: 比上年增长 is the base of a comparison, not a year asked about.
    [GeneratedRegex("今年度?|本年度|去年|前年|明年")]
    private static partial Regex Relative();
}
