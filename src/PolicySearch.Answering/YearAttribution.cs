using System.Globalization;
using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Which year a statement in a passage is about. Reports look back (the February 2024 work-conference report
/// states 2023's results), so the publish year is only the last resort: first a year written in the same
/// sentence before the statement, then 去年/今年 in that sentence relative to the publish year, then the last
/// year written earlier in the passage (its section's year), then the publish year. A year that is only a
/// point of comparison (比2022年增长) or a starting point (2019年以来) is not what the statement is about.
/// </summary>
public static partial class YearAttribution
{
    public static int YearAt(string passage, int position, int publishYear) => Attribute(passage, position, publishYear).Year;

    /// <summary>The year, and whether the sentence itself states it (a year or 去年/今年 in it) rather than its context.</summary>
    public static (int Year, bool Stated) Attribute(string passage, int position, int publishYear)
    {
        var folded = ScriptNormalizer.Fold(passage);
        var sentenceStart = SentenceStart(folded, position);
        var inSentence = LastYearBefore(folded, sentenceStart, position);
        if (inSentence is { } explicitYear) return (explicitYear, true);
        var sentence = folded[sentenceStart..Math.Min(folded.Length, SentenceEnd(folded, position))];
        if (publishYear > 0)
        {
            if (LastYear().IsMatch(sentence)) return (publishYear - 1, true);
            if (ThisYear().IsMatch(sentence)) return (publishYear, true);
        }
        // A later year than the document's, before the sentence, is a plan's horizon (到2025年), not a section's year.
        var latest = publishYear > 0 ? publishYear : int.MaxValue;
        return (SectionYear(folded, Math.Max(0, sentenceStart - LookBack), sentenceStart, latest) ?? publishYear, false);
    }

    /// <summary>How far back (in characters) a section's year is looked for.</summary>
    private const int LookBack = 1500;

    private static int? LastYearBefore(string folded, int from, int to)
    {
        int? year = null;
        foreach (Match m in YearWord().Matches(folded[from..to]))
        {
            if (m.Groups["ref"].Success) continue;
            year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        }
        return year;
    }

    /// <summary>
    /// The year of the section a sentence is in: the last year that opens a sentence or a heading before it
    /// ("2023年是…的一年。", "（二）2023年工作回顾"). A year inside an earlier sentence ("另据核算，2023年全市…") is that
    /// sentence's own, not its successors'.
    /// </summary>
    private static int? SectionYear(string folded, int from, int to, int latest)
    {
        int? year = null;
        foreach (Match m in YearWord().Matches(folded, from))
        {
            if (m.Index >= to) break;
            if (m.Groups["ref"].Success) continue;
            var found = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (found > latest) continue;
            var start = SentenceStart(folded, m.Index);
            var lead = folded[start..m.Index].Trim();
            var end = SentenceEnd(folded, m.Index);
            var heading = end - start <= HeadingLength && folded[end - 1] is '\n' or not ('。' or '！' or '？' or '!' or '?');
            // A form's field (发布日期： 2022年4月6日) dates the document; a rule's year (按照2021年的规定) names the rule.
            // Neither opens a section.
            if (lead.EndsWith('：') || lead.EndsWith(':') || RuleReference().IsMatch(lead)) continue;
            if (lead.Length <= OpeningLength || heading) year = found;
        }
        return year;
    }

    /// <summary>How far into its sentence a year may stand and still open it (（二）, 在, 截至 before it).</summary>
    private const int OpeningLength = 4;

    /// <summary>A heading is a short line without a sentence's closing mark.</summary>
    private const int HeadingLength = 40;

    private static int SentenceStart(string text, int position)
    {
        for (var i = Math.Min(position, text.Length) - 1; i >= 0; i--)
        {
            if (text[i] is '。' or '！' or '？' or '\n' or '!' or '?') return i + 1;
        }
        return 0;
    }

    private static int SentenceEnd(string text, int position)
    {
        for (var i = Math.Max(0, position); i < text.Length; i++)
        {
            if (text[i] is '。' or '！' or '？' or '\n' or '!' or '?') return i + 1;
        }
        return text.Length;
    }

    // A year after 比 is a point of comparison; one followed by 以来/起 marks where a span starts; one ending a
    // span (2022-2026年, a plan's period) is about no single year.
    [GeneratedRegex(@"(?<ref>比|较|同比|相比|对比|自|从)?(?<![\d\-–—~])(?<year>(?:19|20)\d{2})年(?:(?<ref>以来|起|同期|以前|之前|相比|比较))?")]
    private static partial Regex YearWord();

    [GeneratedRegex("(按照|根据|依据|依照|按)$")]
    private static partial Regex RuleReference();

    [GeneratedRegex(@"(?<![比较同])(去年|上年|上一年|过去一年|过去的一年)")]
    private static partial Regex LastYear();

    [GeneratedRegex("(今年|本年|上半年|一季度|前三季度)")]
    private static partial Regex ThisYear();
}
