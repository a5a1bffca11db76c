using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace PolicySearch.Ingestion;

public sealed record HtmlArticle(string? Title, string? MetaDate, string? MetaSource, string Byline, string Body)
{
    /// <summary>A government page's 信息公开 table (索引号, 发布机构, 文号, 成文日期 …): label → value.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Keeps the article of a web page and drops the site around it. The article is the element that holds the most
/// Chinese paragraph text; scripts, navigation, breadcrumbs, toolbars, related links and footers are removed.
/// </summary>
public static partial class HtmlArticleExtractor
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> DroppedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "button", "input", "select",
        "textarea", "svg", "template", "aside", "head",
    };

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
        "blockquote", "pre", "dd", "dt", "dl", "center", "main", "figure", "figcaption", "hr", "tbody", "thead",
    };

    public static HtmlArticle Extract(string html)
    {
        var document = Parser.ParseDocument(html);
        string? Meta(params string[] names) => names
            .Select(n => document.QuerySelector($"meta[name='{n}' i]")?.GetAttribute("content")?.Trim())
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));

        var title = Meta("ArticleTitle", "title")
            ?? Clean(document.QuerySelector("h1")?.TextContent)
            ?? TitleFromTitleTag(document.Title);
        var metaDate = Meta("PubDate", "publishdate", "pubdate", "publish_date", "date");
        var metaSource = Meta("ContentSource", "source", "author");

        var body = document.Body;
        if (body is null) return new HtmlArticle(title, metaDate, metaSource, "", "");
        var fields = LabelledCells(body);
        var byline = FindByline(body);
        var container = ChooseContainer(body);
        foreach (var chrome in container.QuerySelectorAll("*").Where(IsChrome).ToList()) chrome.Remove();
        var sb = new StringBuilder();
        AppendText(container, sb);
        var text = string.Join('\n', sb.ToString().Split('\n').Select(l => l.Trim()));
        return new HtmlArticle(title, metaDate, metaSource, byline, text) { Fields = fields };
    }

    /// <summary>Table cells that label the next one (a short th or td followed by its value), read before chrome goes.</summary>
    private static Dictionary<string, string> LabelledCells(IElement body)
    {
        var fields = new Dictionary<string, string>();
        foreach (var row in body.QuerySelectorAll("tr"))
        {
            var cells = row.Children.Where(c => c.LocalName is "th" or "td").ToList();
            for (var i = 0; i + 1 < cells.Count; i += 2)
            {
                var label = (Clean(cells[i].TextContent) ?? "").TrimEnd('：', ':');
                var value = Clean(cells[i + 1].TextContent);
                if (label.Length is >= 2 and <= 6 && value is { Length: <= 80 } && !fields.ContainsKey(label)) fields[label] = value;
            }
        }
        return fields;
    }

    private static string? TitleFromTitleTag(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return null;
        var cut = SiteSuffix().Split(title)[0];
        return cut.Trim();
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : Whitespace().Replace(text, " ").Trim();

    /// <summary>The line under the headline with the date and the source, if the page has one.</summary>
    private static string FindByline(IElement body)
    {
        foreach (var element in body.QuerySelectorAll("div, p, span, td"))
        {
            var text = Clean(element.TextContent) ?? "";
            if (text.Length is > 0 and < 200 && BylineMarker().IsMatch(text) && DatePattern().IsMatch(text)
                && !element.QuerySelectorAll("p").Any())
            {
                return text;
            }
        }
        return "";
    }

    private static IElement ChooseContainer(IElement body)
    {
        var scores = new Dictionary<IElement, int>();
        foreach (var block in body.QuerySelectorAll("p, td, li, h2, h3, h4, div"))
        {
            if (block.LocalName == "div" && block.Children.Any(c => BlockTags.Contains(c.LocalName))) continue;
            var cjk = CountCjk(block.TextContent);
            if (cjk < 8 || block.ParentElement is null) continue;
            var parent = block.ParentElement;
            // Paragraphs of one article share a parent; tables add one more level.
            if (block.LocalName is "td" or "li") parent = parent.ParentElement?.ParentElement ?? parent;
            scores[parent] = scores.GetValueOrDefault(parent) + cjk;
        }
        if (scores.Count == 0) return body;
        var best = scores.MaxBy(kv => kv.Value).Key;
        // An article split over sibling blocks (a lead, then a table) lives in their common parent.
        if (best.ParentElement is { } up && up != body && scores.TryGetValue(up, out var upScore) && upScore > scores[best] / 3)
        {
            best = up;
        }
        return best;
    }

    private static bool IsChrome(IElement element)
    {
        if (DroppedTags.Contains(element.LocalName)) return true;
        var marker = ((element.Id ?? "") + " " + (element.ClassName ?? "")).ToLowerInvariant();
        if (ChromeClass().IsMatch(marker)) return true;
        var text = Clean(element.TextContent) ?? "";
        return text.Length < 120 && NoiseCleaner.IsChromeLine(PolicySearch.Retrieval.ScriptNormalizer.Fold(text)) && !element.QuerySelectorAll("p").Any();
    }

    private static void AppendText(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    sb.Append(Whitespace().Replace(text.Data, " "));
                    break;
                case IElement element when DroppedTags.Contains(element.LocalName):
                    break;
                case IElement { LocalName: "br" }:
                    sb.Append('\n');
                    break;
                case IElement { LocalName: "td" or "th" } cell:
                    AppendText(cell, sb);
                    sb.Append('\u3000');
                    break;
                case IElement element:
                    var block = BlockTags.Contains(element.LocalName);
                    if (block) sb.Append('\n');
                    AppendText(element, sb);
                    if (block) sb.Append('\n');
                    break;
            }
        }
    }

    private static int CountCjk(string text) => text.Count(c => c is >= '\u4E00' and <= '\u9FFF');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*(_|\s-\s|\||｜)\s*")]
    private static partial Regex SiteSuffix();

    [GeneratedRegex(@"(来源|來源|发布|發佈|发表|日期|时间|時間)")]
    private static partial Regex BylineMarker();

    [GeneratedRegex(@"\d{4}\s*[-/年.]\s*\d{1,2}")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"(^|[\s_-])(nav|navbar|menu|footer|foot|crumb|crumbs|breadcrumb|location|position|share|toolbar|tools|fontsize|related|relnews|relate|hot|sidebar|tags|copyright|login|search|topbar|print|comment|pager|prevnext)($|[\s_-])")]
    private static partial Regex ChromeClass();
}
