using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

/// <summary>
/// Where each passage stands in its document's structure: the 编/章/节 (or 一、 and （一） headings) it is under, and
/// the 条 it begins in, so that a citation reads "第三章 › 第十二条" rather than a bare offset. One pass over the
/// document's lines for all its passages.
/// </summary>
public static partial class HeadingPaths
{
    public static IReadOnlyList<Passage> Assign(string text, IReadOnlyList<Passage> passages)
    {
        var lines = TextLines.NonBlank(text).Select(l => (l.Start, Text: text[l.Start..l.End])).ToList();
        string? part = null, chapter = null, section = null, numbered = null, subNumbered = null, article = null;
        var next = 0;
        var result = new List<Passage>(passages.Count);
        foreach (var p in passages.OrderBy(p => p.Start))
        {
            // Every line up to the passage's first sets the headings it is under.
            for (; next < lines.Count && lines[next].Start <= p.Start; next++)
            {
                var line = lines[next].Text;
                if (StructureLabels.Label().Match(line) is { Success: true } s)
                {
                    switch (s.Groups[2].Value)
                    {
                        case "编": (part, chapter, section, article) = (s.Groups[1].Value, null, null, null); break;
                        case "章": (chapter, section, article) = (s.Groups[1].Value, null, null); break;
                        case "节": (section, article) = (s.Groups[1].Value, null); break;
                        case "条": article = s.Groups[1].Value; break;
                    }
                }
                else if (line.Length <= 40 && Numbered().IsMatch(line) && !line.EndsWith('。')) (numbered, subNumbered) = (line, null);
                else if (SubNumbered().Match(line) is { Success: true } sub) subNumbered = sub.Value.TrimEnd('。');
            }
            // A passage holding an article's start is cited by its first article.
            var own = lines.Skip(next).TakeWhile(l => l.Start < p.End).Select(l => StructureLabels.Label().Match(l.Text))
                .FirstOrDefault(m => m.Success && m.Groups[2].Value == "条");
            var path = new List<string?> { part, chapter, section };
            if (chapter is null && part is null) path.AddRange([numbered, subNumbered]);
            path.Add(article is not null && own is null ? article : own?.Groups[1].Value);
            result.Add(p with { HeadingPath = path.Where(h => h is not null).Select(h => h!).ToList() });
        }
        return result.OrderBy(p => p.Ordinal).ToList();
    }

    [GeneratedRegex(@"^[一二三四五六七八九十]+、")]
    private static partial Regex Numbered();

    /// <summary>（一）摸清“四个底数”。… → （一）摸清“四个底数”</summary>
    [GeneratedRegex(@"^（[一二三四五六七八九十]+）[^。；：\n]{1,30}")]
    private static partial Regex SubNumbered();
}
