using System.Globalization;
using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

public sealed record DocumentMetadata(string Title, string Agency, string Date, int Year, string DocType);

/// <summary>
/// Title, agency, publish date and document type, from HTML metadata where a page has it and otherwise from the
/// labelled header lines of the text (来源, 发布时间 …), a notice's signature, or the body itself.
/// </summary>
public static partial class MetadataExtractor
{
    private const int HeaderLines = 8;

    public static DocumentMetadata Extract(string text, HtmlArticle? html, string fileName, DateOnly? today = null)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var header = lines.Take(HeaderLines).ToList();
        if (html is not null && html.Byline.Length > 0) header.Insert(0, html.Byline);

        var title = html?.Title ?? TitleFromText(lines) ?? Path.GetFileNameWithoutExtension(fileName);
        var maxYear = (today ?? DateOnly.FromDateTime(DateTime.Today)).Year + 1;
        var (labelled, unlabelled) = HeaderDates(header);
        var date = ParseDate(html?.MetaDate) ?? labelled ?? LabelledMonthDay(header, text, maxYear) ?? SignatureDate(lines)
            ?? unlabelled ?? BodyDate(lines, text, maxYear);
        var year = date?.Year ?? BodyYear(text, maxYear) ?? 0;
        var agency = Normalize(html?.MetaSource) ?? HeaderAgency(header) ?? SignatureAgency(lines) ?? TitleAgency(title) ?? "";
        var docType = ClassifyType(title);
        return new DocumentMetadata(title, agency, date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", year, docType);
    }

    /// <summary>Years a span of text speaks of: explicit years, and 今年/去年/明年 relative to the publish year.</summary>
    public static IReadOnlyList<int> YearsMentioned(string text, int publishYear)
    {
        var years = new SortedSet<int>();
        foreach (Match m in YearWord().Matches(text))
        {
            var y = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (y is >= 1949 and <= 2100) years.Add(y);
        }
        if (publishYear > 0)
        {
            var folded = ScriptNormalizer.Fold(text);
            if (folded.Contains("今年") || folded.Contains("本年")) years.Add(publishYear);
            if (folded.Contains("去年") || folded.Contains("上年")) years.Add(publishYear - 1);
            if (folded.Contains("明年")) years.Add(publishYear + 1);
        }
        return years.ToList();
    }

    private static string? TitleFromText(List<string> lines)
    {
        if (lines.Count == 0) return null;
        var title = MirrorPrefix().Replace(lines[0].TrimStart('#', ' ').Trim(), "");
        if (title.Length > 60 || SentenceEnd().IsMatch(title))
        {
            // No title line: the text starts with its first sentence (a report that opens "2月5日，…会议召开。").
            var first = SentenceEnd().Split(title)[0];
            first = LeadingDate().Replace(first, "").Trim();
            return first.Length is >= 4 and <= 40 ? first : first[..Math.Min(first.Length, 30)] + "…";
        }
        // A headline set over two lines: "威海市海洋发展局" + "关于…的通报".
        if (lines.Count > 1 && lines[1].StartsWith("关于", StringComparison.Ordinal) && lines[1].Length <= 60 && !SentenceEnd().IsMatch(lines[1]))
        {
            title += lines[1];
        }
        return title;
    }

    private static (DateOnly? Labelled, DateOnly? Unlabelled) HeaderDates(List<string> header)
    {
        DateOnly? labelled = null;
        DateOnly? any = null;
        foreach (var line in header)
        {
            var folded = ScriptNormalizer.Fold(line);
            foreach (Match m in LabelledDate().Matches(folded))
            {
                var d = ParseDate(m.Groups["date"].Value);
                // A page that republishes an article is dated by its own publication, the latest labelled date.
                if (d is not null && (labelled is null || d > labelled)) labelled = d;
            }
            // An unlabelled date counts only on a short line ("2021-05-22 17:45") or a parenthetical note under a
            // regulation's title ("（2021年12月29日…通过…）"), not inside a sentence.
            var shortLine = folded.Length <= 60 && !SentenceEnd().IsMatch(folded);
            var note = folded.StartsWith('(') && folded.EndsWith(')');
            if (any is null && (shortLine || note) && FullDate().Match(folded) is { Success: true } plain)
            {
                any = ParseDate(plain.Value);
            }
        }
        return (labelled, any);
    }

    private static DateOnly? SignatureDate(List<string> lines)
    {
        foreach (var line in lines)
        {
            if (line.Length <= 12 && FullDate().Match(ScriptNormalizer.Fold(line)) is { Success: true } m && m.Length >= line.Length - 1)
            {
                return ParseDate(m.Value);
            }
        }
        return null;
    }

    /// <summary>"发布时间：2月17日": the month and day from the label, the year from the body.</summary>
    private static DateOnly? LabelledMonthDay(List<string> header, string text, int maxYear)
    {
        foreach (var line in header)
        {
            var m = LabelledMonthDayPattern().Match(ScriptNormalizer.Fold(line));
            if (m.Success) return DateInBodyYear(int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), text, maxYear);
        }
        return null;
    }

    /// <summary>"2月5日，…会议召开" at the start of one of the first lines: the year from the body.</summary>
    private static DateOnly? BodyDate(List<string> lines, string text, int maxYear)
    {
        foreach (var line in lines.Take(HeaderLines))
        {
            var m = MonthDay().Match(ScriptNormalizer.Fold(line));
            if (m.Success) return DateInBodyYear(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), text, maxYear);
        }
        return null;
    }

    /// <summary>
    /// The year of a date given without one: a "2024年3月" elsewhere in the text with the same month, else the latest
    /// year the opening speaks of (a February report sums up last year and plans this one).
    /// </summary>
    private static DateOnly? DateInBodyYear(int month, int day, string text, int maxYear)
    {
        var folded = ScriptNormalizer.Fold(text);
        foreach (Match ym in YearMonth().Matches(folded))
        {
            var y = int.Parse(ym.Groups[1].Value, CultureInfo.InvariantCulture);
            if (int.Parse(ym.Groups[2].Value, CultureInfo.InvariantCulture) == month && y <= maxYear)
            {
                if (TryDate(y, month, day) is { } exact) return exact;
            }
        }
        return BodyYear(text, maxYear) is { } year ? TryDate(year, month, day) : null;
    }

    private static int? BodyYear(string text, int maxYear)
    {
        foreach (var window in new[] { 400, 3000 })
        {
            var years = YearWord().Matches(text[..Math.Min(text.Length, window)])
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
                .Where(y => y >= 1990 && y <= maxYear)
                .ToList();
            if (years.Count > 0) return years.Max();
        }
        return null;
    }

    public static DateOnly? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var m = FullDate().Match(ScriptNormalizer.Fold(value));
        if (!m.Success) return null;
        return TryDate(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture));
    }

    private static DateOnly? TryDate(int y, int m, int d) =>
        y is >= 1949 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    private static string? HeaderAgency(List<string> header)
    {
        string? plain = null;
        foreach (var line in header)
        {
            foreach (Match m in SourceLabel().Matches(line))
            {
                var value = Normalize(m.Groups["src"].Value);
                if (value is null) continue;
                // The publishing body, where named, wins; 信息来源 names the body behind a news item.
                if (m.Groups["label"].Value is "发布单位" or "发布机构" or "主办单位" or "发文机关") return value;
                if (m.Groups["label"].Value.Contains("信息") && value.Length > 3) return value;
                plain ??= value;
            }
        }
        return plain;
    }

    private static string? SignatureAgency(List<string> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length <= 12 && FullDate().IsMatch(ScriptNormalizer.Fold(line)) && lines[i - 1].Length <= 30 && OrgName().IsMatch(lines[i - 1]))
            {
                return lines[i - 1];
            }
        }
        return null;
    }

    private static string? TitleAgency(string title)
    {
        var m = TitleOrg().Match(title);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim().Trim('：', ':', '|', '｜', ' ', '\u3000');
        return v.Length == 0 ? null : v;
    }

    public static string ClassifyType(string title)
    {
        var t = ScriptNormalizer.Fold(title);
        if (t.Contains("工作会议")) return "work_conference";
        if (t.Contains("上半年") && (t.Contains("总结") || t.Contains("亮点") || t.Contains("情况") || t.Contains("分析"))) return "half_year_summary";
        if (t.Contains("提案") && t.Contains("答复") || t.Contains("建议的答复") || t.Contains("提案”办理情况")) return "proposal_reply";
        if (t.Contains("发布会") || t.Contains("新闻办")) return "press_conference";
        if (t.Contains("条例")) return "regulation";
        if (t.Contains("工作总结") || t.Contains("工作报告") || t.Contains("公报（") || t.Contains("回顾") || t.Contains("综述") || t.Contains("办理总体情况")) return "annual_summary";
        if (t.Contains("通知") || t.Contains("通告") || t.Contains("办法") || t.Contains("措施") || t.Contains("解读") || t.Contains("工作要点") || t.Contains("工作思路") || t.Contains("问答") || t.Contains("方案")) return "policy";
        return "news";
    }

    [GeneratedRegex(@"(?<y>(19|20)\d{2})\s*[-/.年]\s*(?<m>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})日?")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"(发布时间|发布日期|发表于|发表时间|转载时间|转载日期|颁布日期|印发日期|成文日期|生成日期|日期|时间)\s*[:：]?\s*(?<date>(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")]
    private static partial Regex LabelledDate();

    [GeneratedRegex(@"(?<!\d)((19|20)\d{2})\s*年")]
    private static partial Regex YearWord();

    [GeneratedRegex(@"^\D{0,6}?(\d{1,2})月(\d{1,2})日")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"(?<label>发布单位|发布机构|主办单位|发文机关|信息来源|原文来源|原文來源|文件来源|文件來源|来源|來源)\s*[:：]\s*(?<src>[^\s|｜　]+)")]
    private static partial Regex SourceLabel();

    [GeneratedRegex(@"(局|厅|部|委员会|委|办公室|政府|中心|院)$")]
    private static partial Regex OrgName();

    [GeneratedRegex(@"^(.{2,30}?(局|厅|部|委员会|办公室|人民政府))关于")]
    private static partial Regex TitleOrg();

    [GeneratedRegex(@"[。！？!?]")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^\D{0,4}?\d{1,2}月\d{1,2}日[上下]?午?[，,、\s]*")]
    private static partial Regex LeadingDate();


    [GeneratedRegex(@"(发布时间|发布日期|发表于|转载日期|转载时间|日期|时间)\s*[:：]?\s*(?<m>\d{1,2})月(?<d>\d{1,2})日")]
    private static partial Regex LabelledMonthDayPattern();

    [GeneratedRegex(@"((?:19|20)\d{2})年(\d{1,2})月")]
    private static partial Regex YearMonth();

    [GeneratedRegex(@"^【\s*(镜像转载|鏡像轉載)\s*】")]
    private static partial Regex MirrorPrefix();
}
