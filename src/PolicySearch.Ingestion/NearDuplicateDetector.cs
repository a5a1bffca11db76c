using System.Text;
using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

/// <summary>
/// MinHash signatures of a document's characters (4-character shingles of the folded text, punctuation and
/// spaces removed): two signatures agree on a share of positions that estimates the Jaccard similarity of the
/// texts, so republished copies are found without keeping their texts around.
/// </summary>
public static partial class NearDuplicateDetector
{
    public const int SignatureSize = 128;
    public const int ShingleLength = 4;

    /// <summary>Estimated Jaccard similarity above which two documents are the same article.</summary>
    public const double Threshold = 0.5;

    public static ulong[] Signature(string text)
    {
        var core = new StringBuilder(text.Length);
        foreach (var c in ScriptNormalizer.Fold(text))
        {
            if (char.IsLetterOrDigit(c)) core.Append(c);
        }
        var s = core.ToString();
        var signature = new ulong[SignatureSize];
        Array.Fill(signature, ulong.MaxValue);
        for (var i = 0; i + ShingleLength <= s.Length; i++)
        {
            var h = Hash(s.AsSpan(i, ShingleLength));
            for (var k = 0; k < SignatureSize; k++)
            {
                var v = Mix(h ^ Seeds[k]);
                if (v < signature[k]) signature[k] = v;
            }
        }
        return signature;
    }

    public static double Similarity(ulong[] a, ulong[] b)
    {
        if (a.Length != SignatureSize || b.Length != SignatureSize) return 0;
        var same = 0;
        for (var k = 0; k < SignatureSize; k++)
        {
            if (a[k] == b[k] && a[k] != ulong.MaxValue) same++;
        }
        return (double)same / SignatureSize;
    }

    /// <summary>
    /// The text's figures and dates, each with the (up to four) Chinese characters before it and the unit after it:
    /// <c>总投资|亿=4.5</c>. Shingles cannot tell a copy from a copy with one figure changed; these can.
    /// </summary>
    public static IReadOnlyList<string> Facts(string text)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in ScriptNormalizer.Fold(text).Split('\n'))
        {
            // A copy has its own byline and publication time: those lines are about the page, not what it states.
            if (line.Length < 100 && BylineLabel().IsMatch(line)) continue;
            AddFacts(line, facts);
        }
        return [.. facts];
    }

    private static void AddFacts(string folded, SortedSet<string> facts)
    {
        foreach (Match m in Figure().Matches(folded))
        {
            var context = new StringBuilder();
            for (var i = m.Index - 1; i >= 0 && i >= m.Index - 12 && context.Length < 4; i--)
            {
                if (IsHan(folded[i])) context.Insert(0, folded[i]);
            }
            var unit = "";
            for (var i = m.Index + m.Length; i < folded.Length && i < m.Index + m.Length + 3; i++)
            {
                if (char.IsWhiteSpace(folded[i])) continue;
                if (IsHan(folded[i]) || folded[i] is '%' or '‰') unit = folded[i].ToString();
                break;
            }
            if (context.Length == 0) continue;
            facts.Add($"{context}|{unit}={WhiteSpaceOrComma().Replace(m.Value, "")}");
        }
    }

    /// <summary>
    /// A figure or date that the two texts state differently: the same words before it and the same unit after it,
    /// and no value in common. Null when they agree on everything both state.
    /// </summary>
    public static string? ConflictingFact(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return null;
        static ILookup<string, string> ByKey(IReadOnlyList<string> facts) =>
            facts.Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
        var left = ByKey(a);
        var right = ByKey(b);
        foreach (var group in left)
        {
            if (!right.Contains(group.Key)) continue;
            var theirs = right[group.Key].ToHashSet();
            if (!group.Any(theirs.Contains)) return $"{group.Key}: {string.Join("/", group)} ≠ {string.Join("/", theirs)}";
        }
        return null;
    }

    /// <summary>The text says it is a copy of something published elsewhere: a forum post, a mirror, 转载自….</summary>
    public static bool DeclaresCopy(string rawText) => CopyMarker().IsMatch(ScriptNormalizer.Fold(rawText));

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF';

    [GeneratedRegex(@"(19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}日?|\d{1,2}月\d{1,2}日|\d+(?:[.,]\d+)*")]
    private static partial Regex Figure();

    [GeneratedRegex(@"发布|发表|转载|转自|来源|作者|编辑|记者|浏览|阅读|点击|查看|回复|楼主")]
    private static partial Regex BylineLabel();

    [GeneratedRegex(@"[\s,]")]
    private static partial Regex WhiteSpaceOrComma();

    [GeneratedRegex(@"楼主|镜像(转载|站点)|转载自|转自[:：]|转载[:：]|转载(日期|时间)[:：]|原标题[:：]|转载时有删节|本文转载")]
    private static partial Regex CopyMarker();

    private static readonly ulong[] Seeds = Enumerable.Range(1, SignatureSize).Select(i => Mix((ulong)i * 0x9E3779B97F4A7C15UL)).ToArray();

    private static ulong Hash(ReadOnlySpan<char> chars)
    {
        var h = 14695981039346656037UL;
        foreach (var c in chars)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }

    // splitmix64's finaliser: a cheap, well-mixed permutation of 64-bit values.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
