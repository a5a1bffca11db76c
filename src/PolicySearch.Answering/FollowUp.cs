using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>An earlier turn of a conversation: its question and, optionally, the answer it got.</summary>
public sealed record Turn(string Question, string? Answer = null);

/// <summary>
/// Reads a follow-up question against the conversation before it, offline, by its parts: a question that stands on
/// its own is left alone; "2021年呢？" / "日照那部呢？" / "协办呢？" put the new year, place or word in place of the
/// earlier one; "这个条例…" takes the document named before; a short question that names no subject ("比上年增长多少？",
/// "其中风暴潮造成了多少？") is asked of the earlier question's subject (its words before the predicate).
/// </summary>
public static partial class FollowUp
{
    /// <summary>The question as understood after the earlier turns (oldest first); null when it stands on its own.</summary>
    public static string? Resolve(string question, IReadOnlyList<Turn> history)
    {
        (string Question, string Subject)? context = null;
        foreach (var turn in history)
        {
            var asked = turn.Question?.Trim();
            if (string.IsNullOrEmpty(asked)) continue;
            context = context is { } c && Against(asked, c.Question, c.Subject) is { } read ? read : (asked, Subject(asked));
        }
        return context is { } last ? Against(question.Trim(), last.Question, last.Subject)?.Question : null;
    }

    /// <summary>
    /// One question read against the one before it (as understood) and what that was about; null when it stands on
    /// its own. Returns the question as understood and what it is about.
    /// </summary>
    private static (string Question, string Subject)? Against(string question, string previous, string subject)
    {
        var q = question.TrimEnd('？', '?', ' ');
        if (Ne().Match(q) is { Success: true } ne)
        {
            var substituted = Substitute(ne.Groups[1].Value.Trim(), previous, subject);
            return (substituted, Subject(substituted));
        }
        if (Pronoun().Match(q) is { Success: true } pronoun)
        {
            // The document the earlier question named first (the shortest name ending in 条例, 办法 …).
            var named = NamedDocument().Match(previous) is { Success: true } m ? m.Value : subject;
            return (named + q[pronoun.Length..] + "？", named);
        }
        if (!Elliptical(q)) return null;
        // The question's own year takes the place of the earlier one in the subject.
        foreach (Match year in YearWord().Matches(q))
        {
            subject = WithYear(subject, year.Value);
            q = q.Replace(year.Value, "", StringComparison.Ordinal);
        }
        return (subject + Dropped().Replace(q, "") + "？", subject);
    }

    /// <summary>
    /// "X呢": X is a year, a place, or a word like one of the earlier question's (最大分布面积 for 最大覆盖面积,
    /// 协办 for 主办); it replaces that. Otherwise the earlier subject is asked about X.
    /// </summary>
    private static string Substitute(string x, string previous, string subject)
    {
        var result = previous;
        var rest = x;
        foreach (Match year in YearWord().Matches(x))
        {
            result = WithYear(result, year.Value);
            rest = rest.Replace(year.Value, "", StringComparison.Ordinal);
        }
        foreach (var place in PlaceGazetteer.NamesIn(rest))
        {
            result = WithPlace(result, place);
            rest = rest.Replace(place, "", StringComparison.Ordinal);
        }
        rest = Demonstrative().Replace(rest, "").Trim();
        if (rest.Length == 0) return result;
        if (MostAlike(rest, result) is { } alike) return result[..alike.Start] + rest + result[(alike.Start + alike.Length)..];
        // Not a word of the earlier question: the earlier subject (with the new year and place) is asked about it.
        var about = subject;
        foreach (Match year in YearWord().Matches(x)) about = WithYear(about, year.Value);
        foreach (var place in PlaceGazetteer.NamesIn(x)) about = WithPlace(about, place);
        return about + rest + "？";
    }

    /// <summary>The text with its first year replaced by this one; naming none, with this one before it.</summary>
    private static string WithYear(string text, string year) => YearWord().IsMatch(text) ? YearWord().Replace(text, year, 1) : year + text;

    /// <summary>The text with its first place replaced by this one; naming none, with this one after its leading year.</summary>
    private static string WithPlace(string text, string place)
    {
        if (PlaceGazetteer.NamesIn(text).FirstOrDefault() is { } earlier) return text.Replace(earlier, place, StringComparison.Ordinal);
        var year = YearWord().Match(text);
        return year.Success && year.Index == 0 ? text.Insert(year.Length, place) : place + text;
    }

    /// <summary>The stretch of <paramref name="text"/> most like <paramref name="word"/> (half its characters or more in common), if any.</summary>
    private static (int Start, int Length)? MostAlike(string word, string text)
    {
        (int, int)? best = null;
        var bestScore = 0.6 - 1e-9;
        for (var length = Math.Max(2, word.Length - 2); length <= word.Length + 2; length++)
        {
            for (var start = 0; start + length <= text.Length; start++)
            {
                var window = text.Substring(start, length);
                if (!window.All(IsContent)) continue;
                var shared = word.Count(window.Contains);
                // Characters in common, and the same first or last character (主办 for 协办, not 办建).
                var score = shared / (double)Math.Max(word.Length, length) - (window == word ? 1 : 0)
                    + (window[0] == word[0] ? 0.1 : 0) + (window[^1] == word[^1] ? 0.1 : 0);
                // Among equals the later one: nearer the predicate the new word is asked about (主办 over 承办).
                if (score >= bestScore) (best, bestScore) = ((start, length), score);
            }
        }
        return best;
    }

    private static bool IsContent(char c) => char.IsLetterOrDigit(c) && c is not ('是' or '的' or '了' or '有' or '多' or '少' or '几' or '什' or '么' or '哪');

    /// <summary>
    /// What a question is about: its words before the first predicate (是, 有, 一共, 多少 …), from its last comma
    /// before that on, less a verb left hanging (布置了); when those are few (a year and a place), with the thing its
    /// question word counts (2024年威海一共安排了多少个海洋产业重点项目 → 2024年威海海洋产业重点项目).
    /// </summary>
    public static string Subject(string question)
    {
        var q = question.TrimEnd('？', '?', ' ');
        var marker = Predicate().Matches(q).FirstOrDefault(m => m.Index >= 4);
        var head = q[..(marker?.Index ?? q.Length)];
        var comma = head.LastIndexOfAny(['，', ',']);
        if (comma >= 4) head = head[..(comma + 1)];
        head = HangingVerb().Replace(head, "");
        if (head.Count(char.IsLetterOrDigit) < 8 && Counted().Match(q) is { Success: true } counted) head += counted.Groups[1].Value;
        return head;
    }

    /// <summary>A short question naming nothing of its own (no quoted name, place, document or ship), or one that begins by pointing back.</summary>
    private static bool Elliptical(string q)
    {
        if (Lead().IsMatch(q)) return true;
        var content = q.Count(char.IsLetterOrDigit);
        return content < 16 && !OwnSubject().IsMatch(q) && PlaceGazetteer.NamesIn(q).Count == 0;
    }

    [GeneratedRegex(@"^(.{1,20}?)(?:那部|那份|那个|那项|的)?呢$")]
    private static partial Regex Ne();

    [GeneratedRegex(@"^(?:这个|这部|这份|这项|该|此|那个|那部|那份)(?:条例|办法|规定|方案|规划|预案|通知|通告|意见|措施|文件|政策)|^(?:它|其)(?!中)")]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"^(?:其中|另外|那么|那|还有|同型的|同期)")]
    private static partial Regex Lead();

    /// <summary>Words that only point back, left out once the subject is written in.</summary>
    [GeneratedRegex(@"^(?:那么|那|另外|还有)")]
    private static partial Regex Dropped();

    [GeneratedRegex(@"[\u4e00-\u9fff]{1,2}了$")]
    private static partial Regex HangingVerb();

    [GeneratedRegex(@"(?:多少|几)[个项家座条艘只台套位名人件处]?([\u4e00-\u9fff]{2,})$")]
    private static partial Regex Counted();

    [GeneratedRegex(@"[“”《》""]|条例|办法|规划|方案|预案|通知|通告|项目|公司|工船|论坛|[0-9]号")]
    private static partial Regex OwnSubject();

    [GeneratedRegex(@"[《“]?[\u4e00-\u9fff“”]{2,30}?(?:条例|办法|规定|方案|规划|预案|通知|通告|意见|措施)》?")]
    private static partial Regex NamedDocument();

    [GeneratedRegex(@"是|有|为|一共|共有|总共|全年|计划|累计|达到|完成|增长|比|占|怎么|如何|什么|多少|几|哪")]
    private static partial Regex Predicate();

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}年(?:上半年|下半年|一季度|前三季度)?")]
    private static partial Regex YearWord();

    [GeneratedRegex(@"^(?:那部|那份|那个|那边|那里|的)|(?:那部|那份|那个)$")]
    private static partial Regex Demonstrative();
}
