using System.Text.RegularExpressions;

namespace PolicySearch.Ingestion;

/// <summary>The visible text of a Markdown document: markers of headings, quotes, lists, emphasis, links and tables removed.</summary>
public static partial class MarkdownText
{
    public static string ToPlain(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var output = new List<string>(lines.Length);
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (Rule().IsMatch(line) || TableSeparator().IsMatch(line))
            {
                output.Add("");
                continue;
            }
            line = HeadingMarker().Replace(line, "");
            line = QuoteMarker().Replace(line, "");
            line = BulletMarker().Replace(line, "");
            if (line.StartsWith('|') && line.EndsWith('|'))
            {
                line = string.Join('\u3000', line.Trim('|').Split('|').Select(c => c.Trim()));
            }
            line = Link().Replace(line, "$1");
            line = line.Replace("**", "").Replace("__", "").Replace("`", "");
            output.Add(line);
        }
        return string.Join('\n', output);
    }

    [GeneratedRegex(@"^\s*([-*_]\s*){3,}$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")]
    private static partial Regex TableSeparator();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+")]
    private static partial Regex HeadingMarker();

    [GeneratedRegex(@"^\s{0,3}(>\s?)+")]
    private static partial Regex QuoteMarker();

    [GeneratedRegex(@"^\s{0,3}[-*+]\s+")]
    private static partial Regex BulletMarker();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();
}
