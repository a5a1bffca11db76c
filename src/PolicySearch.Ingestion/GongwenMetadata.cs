using System.Text.RegularExpressions;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Lifecycle;

namespace PolicySearch.Ingestion;

/// <summary>
/// The elements of an official document (GB/T 9704-2012) read from its text in the order the standard lays them
/// out: 发文机关标志, 发文字号 under it, 标题, 主送机关 ending "：", the body, 署名 and 成文日期, 附注, 版记; and the clauses
/// that say when it applies (本…自…起施行, 有效期…, …同时废止). Fields a file declares (an OFD's CustomData, a web
/// page's 信息公开 table) come first; nothing is guessed where the document states nothing.
/// </summary>
public static partial class GongwenMetadata
{
    private const int HeaderLines = 12;

    public static GongwenFacts Extract(string text, string title, IReadOnlyDictionary<string, string>? declared = null)
    {
        declared ??= new Dictionary<string, string>();
        var lines = Lines(text);
        var header = lines.Take(HeaderLines).ToList();
        var evidence = new Dictionary<string, int[]>();
        void Saw(string field, int start, int length) => evidence.TryAdd(field, [start, start + length]);

        var docNumber = Declared(declared, "发文字号", "文号") is { } d ? LifecycleText.ParseDocNumber(d)?.Value : null;
        docNumber ??= HeaderDocNumber(header, Saw);

        var signature = Signature(lines);
        var issuer = Declared(declared, "发文机关", "发布机关", "制发机关")
                     ?? LabelledValue(header, IssuerLabel())
                     ?? signature?.Organ
                     ?? MarkOrgan(header)
                     ?? TitleOrgan(title);
        if (signature is { } s && issuer == s.Organ) Saw("issuer", s.OrganStart, s.Organ.Length);

        var written = LifecycleText.ParseDate(Declared(declared, "成文日期"), yearAloneIsFirstDay: false);
        if (written is null && signature is { } sig)
        {
            written = sig.Date;
            Saw("writtenDate", sig.DateStart, sig.DateLength);
        }
        written ??= LifecycleText.ParseDate(LabelledValue(header, WrittenLabel()), yearAloneIsFirstDay: false);

        DateOnly? effective = null;
        var effectivePrecision = "yyyy-MM-dd";
        DateOnly? expiry = null;
        int? validYears = null;
        var replaces = new List<string>();
        foreach (var (sentence, start) in Sentences(text))
        {
            if (effective is null && LifecycleText.Effective(sentence) is { Own: true } e)
            {
                effective = e.Date ?? (e.Basis is not null ? written : null);
                effectivePrecision = e.Date is not null ? e.Precision : "yyyy-MM-dd";
                if (effective is not null) Saw("effectiveDate", start, sentence.Length);
            }
            if (expiry is null && validYears is null && LifecycleText.Expiry(sentence) is { Own: true } x)
            {
                expiry = x.Until;
                validYears = x.Years;
                Saw("expiryDate", start, sentence.Length);
            }
            if (OwnRepeal().IsMatch(sentence))
            {
                foreach (var named in LifecycleText.Repeals(sentence))
                {
                    if (!replaces.Contains(named)) replaces.Add(named);
                }
                if (replaces.Count > 0) Saw("replaces", start, sentence.Length);
            }
        }
        if (validYears is { } years && (effective ?? written) is { } from) expiry = LifecycleText.EndOfYears(from, years);
        if (expiry is null && PlanKind().IsMatch(title) && LifecycleText.Period(title) is { } period) expiry = new DateOnly(period.To, 12, 31);

        string? stated = null;
        foreach (var line in header)
        {
            if (LifecycleText.StatedStatus(line.Text) is { } status)
            {
                stated = status;
                Saw("status", line.Start, line.Text.Length);
                break;
            }
        }
        stated ??= Declared(declared, "时效性", "有效性") is { } label ? LifecycleText.StatedStatus("时效性：" + label) : null;

        return new GongwenFacts
        {
            DocNumber = docNumber,
            Issuer = issuer,
            Recipients = Recipients(header),
            WrittenDate = LifecycleText.Iso(written),
            EffectiveDate = effective?.ToString(effectivePrecision, System.Globalization.CultureInfo.InvariantCulture),
            ExpiryDate = LifecycleText.Iso(expiry),
            StatedStatus = stated,
            Disclosure = Note(lines, signature) ?? lines.Select(l => l.Text).FirstOrDefault(l => DisclosureLine().IsMatch(l)),
            Replaces = replaces,
            Evidence = evidence,
        };
    }

    private static string? Declared(IReadOnlyDictionary<string, string> declared, params string[] names) =>
        names.Select(n => declared.TryGetValue(n, out var v) ? v.Trim() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>The 文号 on a header line of its own (or labelled 文号：), not one a sentence mentions.</summary>
    private static string? HeaderDocNumber(List<Line> header, Action<string, int, int> saw)
    {
        foreach (var line in header)
        {
            var folded = ScriptNormalizer.Fold(line.Text);
            var labelled = DocNumberLabel().Match(folded);
            var numbers = LifecycleText.DocNumbers(folded);
            foreach (var n in numbers)
            {
                var opensLine = n.Index <= 2 && !folded[..n.Index].Any(char.IsLetterOrDigit);
                if (labelled.Success && n.Index >= labelled.Index + labelled.Length - 1 || opensLine && !SentenceEnd().IsMatch(folded[..n.Index]))
                {
                    saw("docNumber", line.Start + n.Index, n.Length);
                    return n.Value;
                }
            }
        }
        return null;
    }

    private static string? LabelledValue(List<Line> header, Regex label)
    {
        foreach (var line in header)
        {
            var m = label.Match(line.Text);
            if (m.Success) return m.Groups["v"].Value.Trim();
        }
        return null;
    }

    private sealed record SignatureBlock(string Organ, int OrganStart, DateOnly Date, int DateStart, int DateLength);

    /// <summary>
    /// The 署名 and 成文日期: a short line naming an organ right above a line that is only a date (a 代章 line between
    /// them names who sealed it, not who issued it). The first such block is the document's own.
    /// </summary>
    private static SignatureBlock? Signature(List<Line> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i].Text;
            if (line.Length > 14 || LifecycleText.ParseDate(line, yearAloneIsFirstDay: false) is not { } date || DateOnlyLine().Match(line).Length < line.Length - 1) continue;
            var j = i - 1;
            if (lines[j].Text.EndsWith("代章）", StringComparison.Ordinal) && j > 0) j--;
            var organ = lines[j].Text;
            if (organ.Length is >= 3 and <= 40 && OrganName().IsMatch(organ) && !SentenceEnd().IsMatch(organ))
            {
                return new SignatureBlock(organ, lines[j].Start, date, lines[i].Start, line.Length);
            }
        }
        return null;
    }

    /// <summary>附注: the line right under the 成文日期, wholly in round brackets (GB/T 9704 7.3.6).</summary>
    private static string? Note(List<Line> lines, SignatureBlock? signature)
    {
        if (signature is null) return null;
        var at = lines.FindIndex(l => l.Start == signature.DateStart);
        if (at < 0 || at + 1 >= lines.Count) return null;
        var t = lines[at + 1].Text;
        return t.Length is >= 4 and <= 80 && t[0] is '（' or '(' && t[^1] is '）' or ')' ? t : null;
    }

    /// <summary>发文机关标志: "青岛市海洋发展局文件" at the head.</summary>
    private static string? MarkOrgan(List<Line> header) =>
        header.Take(3).Select(l => l.Text).Where(t => t.Length is > 4 and <= 40 && t.EndsWith("文件", StringComparison.Ordinal))
            .Select(t => t[..^2]).FirstOrDefault(t => OrganName().IsMatch(t));

    /// <summary>"山东省海洋局关于…的答复": the organ before 关于 in an official document's title.</summary>
    private static string? TitleOrgan(string title)
    {
        var m = TitleOrganPattern().Match(ScriptNormalizer.Fold(title));
        return m.Success ? title.Substring(m.Groups["o"].Index, m.Groups["o"].Length) : null;
    }

    /// <summary>主送机关: the line under the title ending with "：" that names organs, not a speaker's salutation.</summary>
    private static string? Recipients(List<Line> header)
    {
        // It stands between the title (with its 文号) and the body's first sentence.
        foreach (var line in header.Skip(1).Take(4))
        {
            var t = line.Text;
            if (SentenceEnd().IsMatch(t[..^1])) return null;
            if (t.Length is >= 3 and <= 120 && (t.EndsWith('：') || t.EndsWith(':')) && !NotRecipients().IsMatch(t))
            {
                return t[..^1];
            }
        }
        return null;
    }

    [GeneratedRegex(@"^(尊敬的|根据|按照|为|经|其中|回复)|时间|来源|如下")]
    private static partial Regex NotRecipients();

    private sealed record Line(string Text, int Start);

    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var raw = text[start..end];
            var trimmed = raw.Trim();
            if (trimmed.Length > 0) lines.Add(new Line(trimmed, start + raw.IndexOf(trimmed[0])));
            start = end + 1;
        }
        return lines;
    }

    /// <summary>The text's sentences (to 。！？； or a line's end) with their offsets.</summary>
    private static IEnumerable<(string Sentence, int Start)> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is not ('。' or '！' or '？' or '；' or '\n')) continue;
            var end = Math.Min(text.Length, i + 1);
            var s = text[start..end];
            if (s.Trim().Length > 0) yield return (s, start);
            start = end;
        }
    }

    [GeneratedRegex(@"(发文字号|文号|文件编号)\s*[:：]?\s*")]
    private static partial Regex DocNumberLabel();

    [GeneratedRegex(@"(发文机关|发布机关|制发机关|发文单位)\s*[:：]\s*(?<v>[^\s　|｜]+)")]
    private static partial Regex IssuerLabel();

    [GeneratedRegex(@"(成文日期|印发日期|落款日期)\s*[:：]\s*(?<v>[0-9年月日\-/.]+)")]
    private static partial Regex WrittenLabel();

    [GeneratedRegex(@"^\D{0,2}(19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?")]
    private static partial Regex DateOnlyLine();

    [GeneratedRegex(@"(局|厅|部|委员会|委|办公室|办公厅|政府|中心|院|小组|常委会|管委会|管委)$")]
    private static partial Regex OrganName();

    [GeneratedRegex(@"^(?<o>.{2,40}?(局|厅|部|委员会|办公室|办公厅|人民政府|小组|常委会))关于.{2,}(通知|通告|公告|决定|意见|答复|批复|函|报告|请示|办法|规定|方案|通报)$")]
    private static partial Regex TitleOrganPattern();

    [GeneratedRegex(@"[。！？；]")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^[（(](此件|本件)[^）)]{1,20}[）)]$")]
    private static partial Regex DisclosureLine();

    /// <summary>A clause that repeals on the document's own behalf: 本…施行后…废止, 原《…》同时废止, 同时废止….</summary>
    [GeneratedRegex(@"^\s*(本(办法|条例|规定|通告|通知|细则|方案|措施|预案|决定|意见)|原《|《[^》]+》同时废止)|本(办法|条例|规定|通告|通知|细则|方案|措施|预案|决定|意见)[^。]{0,30}(施行|实施|印发)[^。]{0,10}(同时)?(废止|不再执行|停止执行)")]
    private static partial Regex OwnRepeal();

    [GeneratedRegex(@"规划|纲要|方案|计划|行动")]
    private static partial Regex PlanKind();
}
