using System.Text;
using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

/// <summary>
/// Removes what is not the article: forum anti-scraping junk (runs of ASCII symbols and single letters, whole
/// lines of it or glued to sentences) and site chrome lines (breadcrumbs, font-size/print/share bars, copyright
/// and ICP footers, related-link lists). Real ASCII in text (2024, 10.2%, ICP, URLs) is kept.
/// </summary>
public static partial class NoiseCleaner
{
    public static string Clean(string text)
    {
        text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        var output = new List<string>();
        var inRelatedList = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = InlineChrome().Replace(RemoveJunkRuns(rawLine), "").Trim().TrimEnd('\u3000').TrimStart('\u3000');
            if (line.Length == 0 && rawLine.Trim().Length > 0) continue; // the whole line was junk
            var folded = ScriptNormalizer.Fold(line);
            if (RelatedListHeading().IsMatch(folded))
            {
                inRelatedList = true;
                continue;
            }
            if (inRelatedList)
            {
                if (line.Length == 0 || ListItem().IsMatch(line)) continue;
                inRelatedList = false;
            }
            if (IsChromeLine(folded)) continue;
            output.Add(line);
        }
        return CollapseBlankLines(output);
    }

    public static bool IsChromeLine(string foldedLine) =>
        foldedLine.Length > 0 && !MetadataLine().IsMatch(foldedLine)
        && (ChromeLine().IsMatch(foldedLine) || Breadcrumb().IsMatch(foldedLine) || ForumChrome().IsMatch(foldedLine) || foldedLine is "[复制链接]" or "复制链接");

    private static string CollapseBlankLines(List<string> lines)
    {
        var sb = new StringBuilder();
        var blank = true;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (!blank) sb.Append('\n');
                blank = true;
                continue;
            }
            if (sb.Length > 0 && !blank) sb.Append('\n');
            if (sb.Length > 0 && blank) sb.Append('\n');
            sb.Append(line);
            blank = false;
        }
        return sb.ToString().Trim('\n');
    }

    /// <summary>Removes the ASCII runs of a line that look like anti-scraping junk.</summary>
    public static string RemoveJunkRuns(string line)
    {
        line = line.Replace("[复制链接]", "");
        var sb = new StringBuilder(line.Length);
        var i = 0;
        while (i < line.Length)
        {
            if (!IsAsciiPrintable(line[i]))
            {
                sb.Append(line[i++]);
                continue;
            }
            var j = i;
            while (j < line.Length && IsAsciiPrintable(line[j])) j++;
            var run = line[i..j];
            if (!IsJunk(run)) sb.Append(run);
            i = j;
        }
        return sb.ToString();
    }

    internal static bool IsJunk(string run)
    {
        var trimmed = run.Trim();
        if (trimmed.Length == 0) return false;
        if (trimmed.Contains("://") || trimmed.Contains("www.", StringComparison.OrdinalIgnoreCase)) return false;
        if (NumericLike().IsMatch(trimmed)) return false;
        var tokens = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var junkish = tokens.Count(IsJunkToken);
        if (tokens.Length >= 2) return junkish * 2 >= tokens.Length && junkish >= 2;
        // A single token: junk only when it is short and carries symbols real text does not use that way.
        return trimmed.Length <= 4 && trimmed.Count(c => WeirdSymbols.Contains(c)) >= 1 && trimmed.Any(char.IsLetter);
    }

    private const string WeirdSymbols = "!\"#$&'*+;<=>?@[\\]^_`{|}~";

    private static bool IsJunkToken(string token)
    {
        if (token.Length > 3) return token.Count(c => WeirdSymbols.Contains(c)) * 2 >= token.Length;
        if (token.Any(c => WeirdSymbols.Contains(c) || c is ',' or ':' or '%' or '/' or ')' or '(' or '.' or '-')) return true;
        return token.Length == 1 || LetterDigit().IsMatch(token);
    }

    private static bool IsAsciiPrintable(char c) => c is >= ' ' and <= '~';

    [GeneratedRegex(@"^[\d\s.,:%/\-~+()]+$")]
    private static partial Regex NumericLike();

    [GeneratedRegex(@"^([A-Za-z]\d|\d[A-Za-z])$")]
    private static partial Regex LetterDigit();

    [GeneratedRegex(@"^(当前位置|您的位置|你的位置|首页\s*[>›»]|字体大小|字号[:：]|【?\s*(打印|关闭)(本页|窗口)?\s*】|分享到|.*(版权所有|版权声明|Copyright|ICP备|网站标识码|浏览次数[:：]|阅读次数|点击数[:：]|返回顶部|关闭窗口|打印本页)|(上一篇|下一篇)[:：]|扫一扫|标签[:：]|分类[:：].*[›>»])")]
    private static partial Regex ChromeLine();

    // Toolbars inside a byline: 【字号：大 中 小】, 字体大小：大 中 小, 【打印】【关闭】.
    [GeneratedRegex(@"[【\[]?\s*(字号|字体大小|字体)\s*[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小\s*[】\]]?|【\s*(打印|关闭|打印本页|关闭窗口)\s*】")]
    private static partial Regex InlineChrome();

    // A line that dates or sources the article is metadata, even with a view counter at its end.
    [GeneratedRegex(@"(发布时间|发布日期|发表于|来源[:：]|发布机构|发布单位)")]
    private static partial Regex MetadataLine();

    [GeneratedRegex(@"^([^›»>]{1,14}\s*[›»>]\s*){2,}[^›»>]{0,14}$")]
    private static partial Regex Breadcrumb();

    [GeneratedRegex(@"^(全部回帖|暂无更多回帖|懒得打字|您需要登录|登录/注册|本帖最后由|返回列表|发表回复|回复\s*举报|快速回复|使用道具|举报\s*$)")]
    private static partial Regex ForumChrome();

    [GeneratedRegex(@"^【?\s*(相关(阅读|链接|新闻|文章|稿件)|热点排行|推荐阅读|延伸阅读)\s*】?[:：]?$")]
    private static partial Regex RelatedListHeading();

    [GeneratedRegex(@"^[·•\-*>]\s*|^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex ListItem();
}
