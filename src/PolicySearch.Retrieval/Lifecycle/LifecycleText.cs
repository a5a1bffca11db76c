using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicySearch.Retrieval.Lifecycle;

/// <summary>A 发文字号 found in text: 青政办字〔2016〕53号, whatever brackets it was written with.</summary>
/// <param name="Value">Normalised: the organ's code, 〔year〕, the number and 号.</param>
public sealed record DocNumber(string Value, string Code, int Year, int Number, int Index, int Length)
{
    /// <summary>
    /// Whether a number asked for names this one: the same year and number, and the asked code (which may be left
    /// out, 〔2021〕1号) the end of this one's (通告〔2021〕1号 names 农业农村部通告〔2021〕1号).
    /// </summary>
    public bool IsNamedBy(DocNumber asked) =>
        asked.Year == Year && asked.Number == Number && (asked.Code.Length == 0 || Code.EndsWith(asked.Code, StringComparison.Ordinal) || asked.Code.EndsWith(Code, StringComparison.Ordinal));
}

/// <summary>
/// The phrases of Chinese official documents that say when a document applies: 文号, 自…起施行, 有效期至…, 有效期三年,
/// a plan's period （2021—2025年）, 时效性：现行有效, and …同时废止. Shared by ingestion (a document's own facts) and
/// answering (what a sentence says of the document it names).
/// </summary>
public static partial class LifecycleText
{
    public const string InForce = "现行有效";
    public const string Expired = "已失效";
    public const string Repealed = "已废止";
    public const string NotYetInForce = "尚未施行";

    public static readonly IReadOnlyList<string> Statuses = [InForce, Expired, Repealed, NotYetInForce];

    /// <summary>Every 文号 in the text, normalised ([2024]、【2024】、(2024) → 〔2024〕).</summary>
    public static IReadOnlyList<DocNumber> DocNumbers(string text)
    {
        var found = new List<DocNumber>();
        foreach (Match m in DocNumberPattern().Matches(text))
        {
            var code = CodeOf(m.Groups["code"].Value);
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var number = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            found.Add(new DocNumber($"{code}〔{year}〕{number}号", code, year, number, m.Index, m.Length));
        }
        return found;
    }

    /// <summary>A 文号 as given (in a filter or a question) normalised, or null when it is not one.</summary>
    public static DocNumber? ParseDocNumber(string? text) => string.IsNullOrWhiteSpace(text) ? null : DocNumbers(ScriptNormalizer.Fold(text.Trim())).FirstOrDefault();

    /// <summary>
    /// An organ's code before the bracket: the name runs back over Chinese characters to a word that cannot be part
    /// of it (以青政办字 → 青政办字; 的通告 → 通告 is kept when it is the whole run).
    /// </summary>
    private static string CodeOf(string run)
    {
        var code = run.Replace(" ", "").Replace("\u3000", "");
        foreach (var stop in CodeStops)
        {
            var at = code.LastIndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at + stop.Length < code.Length) code = code[(at + stop.Length)..];
        }
        // A run that ends in a word which introduces the number (文件抬头写着〔2023〕3号, 文号是〔2023〕3号) names no organ.
        return LeadIns.Any(w => code.EndsWith(w, StringComparison.Ordinal)) ? "" : code;
    }

    private static readonly string[] LeadIns = ["写着", "文号", "字号", "是", "为"];

    private static readonly string[] CodeStops = ["印发", "发布", "下发", "出台", "根据", "按照", "依据", "写着", "文号", "字号", "抬头", "的", "以", "和", "及", "与", "是", "为", "、", "（", "《", "》", "，", "："];

    /// <summary>A date written out (2024年1月1日, 2024-01-01) or a year alone (自2021年起: its first day).</summary>
    public static DateOnly? ParseDate(string? text, bool yearAloneIsFirstDay = true)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var m = FullDate().Match(text);
        if (m.Success)
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var mo = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var d = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
            return y is >= 1949 and <= 2100 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
        }
        var year = YearOnly().Match(text);
        return year.Success && yearAloneIsFirstDay ? new DateOnly(int.Parse(year.Groups["y"].Value, CultureInfo.InvariantCulture), 1, 1) : null;
    }

    public static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// 本办法自2024年10月20日起施行 / 本通告自2021年起施行 / 自印发之日起施行: when the document the sentence speaks of
    /// begins to apply. <paramref name="own"/> is true when it says 本…, the document itself.
    /// </summary>
    public static EffectiveStatement? Effective(string sentence)
    {
        var m = EffectivePattern().Match(sentence);
        if (!m.Success) return null;
        var own = m.Groups["own"].Success;
        var basis = m.Groups["basis"].Value;
        var date = basis.Length > 0 ? null : ParseDate(m.Groups["date"].Value);
        if (basis.Length == 0 && date is null) return null;
        var written = m.Groups["date"].Value;
        var precision = written.Contains('日') ? "yyyy-MM-dd" : written.Contains('月') ? "yyyy-MM" : "yyyy";
        return new EffectiveStatement(own, date, basis.Length > 0 ? basis : null, m.Index, m.Length) { Precision = precision };
    }

    /// <summary>有效期至2025年12月31日 / 有效期三年 / 有效期为2023年1月1日至2025年12月31日, in one sentence.</summary>
    public static ExpiryStatement? Expiry(string sentence)
    {
        var until = ExpiryUntil().Match(sentence);
        if (until.Success && ParseDate(until.Groups["date"].Value, yearAloneIsFirstDay: false) is { } date)
        {
            return new ExpiryStatement(date, null, until.Groups["own"].Success, until.Index, until.Length);
        }
        var span = ExpiryYears().Match(sentence);
        if (span.Success && Count(span.Groups["n"].Value) is { } years)
        {
            return new ExpiryStatement(null, years, span.Groups["own"].Success, span.Index, span.Length);
        }
        return null;
    }

    /// <summary>A plan's period in its name: （2021—2025年）, (2022-2024年): the years it runs.</summary>
    public static (int From, int To, int Index, int Length)? Period(string text)
    {
        var m = PeriodPattern().Match(text);
        return m.Success && Years(m) is var (from, to) ? (from, to, m.Index, m.Length) : null;
    }

    /// <summary>The years a period match runs, when they make a period (in order, at most 30 years).</summary>
    private static (int From, int To)? Years(Match m)
    {
        var from = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
        var to = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
        return to >= from && to - from <= 30 ? (from, to) : null;
    }

    /// <summary>时效性：现行有效 (a regulation database's label), as one of <see cref="Statuses"/>.</summary>
    public static string? StatedStatus(string text)
    {
        var m = StatusLabel().Match(text);
        if (!m.Success) return null;
        return m.Groups["s"].Value switch
        {
            "现行有效" or "有效" => InForce,
            "已失效" or "失效" => Expired,
            "已废止" or "废止" => Repealed,
            "尚未施行" or "尚未生效" => NotYetInForce,
            _ => null,
        };
    }

    /// <summary>
    /// What a sentence repeals or supersedes: the 文号 and 《titles》 next to 废止 / 不再执行 / 停止执行 / 代替 / 替代 /
    /// 同时失效; empty when it repeals nothing.
    /// </summary>
    public static IReadOnlyList<string> Repeals(string sentence)
    {
        var m = RepealWord().Match(sentence);
        if (!m.Success) return [];
        var named = new List<string>();
        bool Near(int index, int length) =>
            index > m.Index || sentence[(index + length)..m.Index] is var gap && gap.Length <= 12 && !gap.Contains('，') && !gap.Contains('。');
        foreach (var n in DocNumbers(sentence))
        {
            if (Near(n.Index, n.Length)) named.Add(n.Value);
        }
        foreach (Match t in QuotedTitle().Matches(sentence))
        {
            // A title after the repeal word (废止了《…》) is repealed; one before it only when it stands right before
            // the word or is called the old one (原《…》同时废止), not the repealing document's own (《…》印发，同时废止…).
            var old = t.Index > 0 && sentence[t.Index - 1] is '原' or '旧';
            if (old || Near(t.Index, t.Length)) named.Add(t.Groups[1].Value);
        }
        if (named.Count == 0 && OldVersion().IsMatch(sentence)) named.Add(OldVersion().Match(sentence).Value);
        return named.Distinct().ToList();
    }

    /// <summary>How a validity status reads as of a date, from what is known: repealed, expiry, effective date.</summary>
    public static string? StatusOf(DateOnly asOf, bool repealed, string? stated, DateOnly? effective, DateOnly? expiry, bool knownInForce = false)
    {
        if (repealed) return Repealed;
        if (expiry is { } e && e < asOf) return Expired;
        if (effective is { } f && f > asOf) return NotYetInForce;
        if (stated is not null) return stated;
        if (effective is not null || expiry is not null || knownInForce) return InForce;
        return null;
    }

    /// <summary>
    /// Whether what a sentence says decides if the thing a question asks about applies on <paramref name="asOf"/>, and
    /// how: it repeals what the question names (its 文号, or a year the question gives: 已废止); a stated status;
    /// 有效期至 a day (past: 已失效); a period in a plan's name, （2022—2024年） (ended: 已失效; not begun: 尚未施行);
    /// 自…起施行 (a later day: 尚未施行; else 现行有效). Null when the sentence decides nothing.
    /// </summary>
    public static string? VerdictOf(string sentence, string question, DateOnly asOf)
    {
        var q = ScriptNormalizer.Fold(question);
        var s = ScriptNormalizer.Fold(sentence);
        var repealed = Repeals(s);
        if (repealed.Count > 0)
        {
            // What is repealed is what the question is about when it shares the question's 文号 or a year it names.
            var numbers = DocNumbers(q);
            var years = YearOnly().Matches(q).Select(m => m.Groups["y"].Value).ToList();
            var aboutRepealed = numbers.Any(n => DocNumbers(s).Any(o => o.IsNamedBy(n)))
                || years.Any(y => RepealedSpan(s).Contains(y, StringComparison.Ordinal) || repealed.Any(r => r.Contains(y, StringComparison.Ordinal)))
                || OldAsked().IsMatch(q);
            if (aboutRepealed) return Repealed;
        }
        if (StatedStatus(s) is { } stated) return stated;
        var from = Effective(s)?.Date;
        // 有效期至… as written, or 有效期三年 counted from the day it takes effect.
        var until = Expiry(s) is { } expiry ? expiry.Until ?? (expiry.Years is { } span && from is { } first ? EndOfYears(first, span) : null) : null;
        if (until is not null || from is not null) return StatusOf(asOf, false, null, from, until);
        if (AskedPeriod(s, q) is { } period && PlanName().IsMatch(s))
        {
            return period.To < asOf.Year ? Expired : period.From > asOf.Year ? NotYetInForce : InForce;
        }
        return null;
    }

    /// <summary>
    /// Of the periods a sentence names (五年规划（2022-2026年）和三年行动方案（2022-2024年）), the one whose name, the 12
    /// characters before it, shares most of the question's character pairs.
    /// </summary>
    private static (int From, int To)? AskedPeriod(string sentence, string question)
    {
        var pairs = Enumerable.Range(0, Math.Max(0, question.Length - 1)).Select(i => question.Substring(i, 2)).ToHashSet();
        (int From, int To)? best = null;
        var bestShared = -1;
        foreach (Match m in PeriodPattern().Matches(sentence))
        {
            if (Years(m) is not { } years) continue;
            var name = sentence[Math.Max(0, m.Index - 12)..m.Index];
            var shared = Enumerable.Range(0, Math.Max(0, name.Length - 1)).Count(i => pairs.Contains(name.Substring(i, 2)));
            if (shared > bestShared) (best, bestShared) = (years, shared);
        }
        return best;
    }

    /// <summary>The part of a sentence from its repeal word on (what it repeals).</summary>
    private static string RepealedSpan(string sentence)
    {
        var m = RepealWord().Match(sentence);
        return m.Success ? sentence[m.Index..] : "";
    }

    /// <summary>A question about an old version (旧版, 原来的): it asks whether that one was replaced.</summary>
    [GeneratedRegex("旧版|老版|原来的|原版|之前的版本")]
    private static partial Regex OldAsked();

    /// <summary>A plan, programme or action named with its period: its period is when it applies.</summary>
    [GeneratedRegex("方案|规划|纲要|计划|行动|意见|措施|办法")]
    private static partial Regex PlanName();

    /// <summary>The last day of a validity of some years counted from a first day (有效期三年 from 2024-10-20 → 2027-10-19).</summary>
    public static DateOnly EndOfYears(DateOnly from, int years) => from.AddYears(years).AddDays(-1);

    private static int? Count(string n) => n switch
    {
        _ when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
        "一" => 1, "两" or "二" => 2, "三" => 3, "四" => 4, "五" => 5, "六" => 6, "七" => 7, "八" => 8, "九" => 9, "十" => 10,
        _ => null,
    };

    [GeneratedRegex(@"(?<code>[\p{IsCJKUnifiedIdeographs}A-Za-z]{0,16})\s*[〔\[【［(（]\s*(?<y>(19|20)\d{2})\s*[〕\]】］)）]\s*第?\s*(?<n>\d{1,5})\s*号")]
    private static partial Regex DocNumberPattern();

    [GeneratedRegex(@"(?<y>(19|20)\d{2})\s*[-/.年]\s*(?<m>\d{1,2})(\s*[-/.月]\s*(?<d>\d{1,2})日?|\s*月)")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"(?<y>(19|20)\d{2})\s*年")]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"(?<own>本(?:办法|条例|规定|通告|通知|细则|方案|措施|预案|决定|意见|规则|标准|制度|公告|政策|计划|规划|指南|实施方案|管理办法|法|令)?)?自(?<basis>印发之日|发布之日|公布之日|颁布之日|下发之日)?(?<date>(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?)?(?:起|开始)?(?:正式)?(?:施行|实施|执行|生效)")]
    private static partial Regex EffectivePattern();

    [GeneratedRegex(@"(?<own>本(?:办法|条例|规定|通告|通知|细则|方案|措施|预案|决定|意见|规则|政策|计划|规划|指南)[^。；]{0,40})?有效期(?:为|至|截至|到)?\s*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*(?:至|到|—|-)\s*)?(?<date>(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?)")]
    private static partial Regex ExpiryUntil();

    [GeneratedRegex(@"(?<own>本(?:办法|条例|规定|通告|通知|细则|方案|措施|预案|决定|意见|规则|政策|计划|规划|指南)[^。；]{0,40})?有效期(?:为|是)?(?<n>\d{1,2}|[一二两三四五六七八九十])年")]
    private static partial Regex ExpiryYears();

    [GeneratedRegex(@"[（(]\s*(?<a>(19|20)\d{2})\s*(?:年)?\s*[—–\-－~～至到]+\s*(?<b>(19|20)\d{2})\s*年?\s*[)）]")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"时效性\s*[：:]?\s*(?<s>现行有效|已失效|已废止|尚未施行|尚未生效|失效|废止|有效)")]
    private static partial Regex StatusLabel();

    [GeneratedRegex(@"废止|不再执行|停止执行|同时失效|予以取代|代替|替代")]
    private static partial Regex RepealWord();

    [GeneratedRegex(@"《([^《》]{2,60})》")]
    private static partial Regex QuotedTitle();

    [GeneratedRegex(@"(原|旧版|旧)[^，。；]{0,12}(预案|办法|条例|规定|通告|通知|细则|方案|措施|意见)")]
    private static partial Regex OldVersion();
}

public sealed record EffectiveStatement(bool Own, DateOnly? Date, string? Basis, int Index, int Length)
{
    /// <summary>How much of the date was written: yyyy-MM-dd, yyyy-MM (自2024年1月起) or yyyy (自2021年起).</summary>
    public string Precision { get; init; } = "yyyy-MM-dd";
}

public sealed record ExpiryStatement(DateOnly? Until, int? Years, bool Own, int Index, int Length);
