using System.Text;
using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion.Formats;

/// <summary>A line of text as laid out on a page: its left and right edges, its baseline (growing down the page) and its type size.</summary>
public sealed record LaidOutLine(double Left, double Right, double Y, double Size, string Text);

/// <summary>
/// Rebuilds paragraphs from laid-out lines (PDF, OFD): a line that stops short of its column's right edge ends its
/// paragraph, as does an indented next line, a wider gap or another type size; wrapped lines are joined with no
/// space between Chinese characters (a space only between Latin words; a line-end hyphen is dropped). Page numbers
/// (— 3 —, 第 3 页, 3/5) are page furniture, not text.
/// </summary>
public static partial class TextLayout
{
    public static string Paragraphs(IReadOnlyList<LaidOutLine> lines)
    {
        var kept = lines.Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        // Page numbers stand alone at the top or bottom of a page.
        for (var edge = 0; edge < 2 && kept.Count > 0; edge++)
        {
            var at = edge == 0 ? kept.Count - 1 : 0;
            if (PageNumber().IsMatch(kept[at].Text.Trim())) kept.RemoveAt(at);
        }
        if (kept.Count == 0) return "";
        var spacing = TypicalSpacing(kept);
        var text = new StringBuilder();
        for (var i = 0; i < kept.Count; i++)
        {
            var line = kept[i];
            var piece = line.Text.Trim();
            if (i == 0) { text.Append(piece); continue; }
            var previous = kept[i - 1];
            if (EndsParagraph(previous, line, kept, spacing))
            {
                text.Append('\n').Append(piece);
                continue;
            }
            // A word hyphenated at the line's end is joined whole; Latin words wrapped keep a space between them.
            if (text.Length > 1 && text[^1] == '-' && piece.Length > 0 && char.IsAsciiLetter(piece[0]) && char.IsAsciiLetter(text[^2])) text.Length--;
            else if (text.Length > 0 && char.IsAsciiLetterOrDigit(text[^1]) && piece.Length > 0 && char.IsAsciiLetter(piece[0])) text.Append(' ');
            text.Append(piece);
        }
        return text.ToString();
    }

    private static bool EndsParagraph(LaidOutLine previous, LaidOutLine line, List<LaidOutLine> all, double spacing)
    {
        var size = Math.Max(previous.Size, 1);
        if (Math.Abs(previous.Size - line.Size) > 0.15 * size) return true;
        var gap = line.Y - previous.Y;
        if (gap < 0 || gap > 1.6 * spacing) return true;
        // The column a line is in: the lines starting near it (two-column pages have two). Its right edge is where
        // its full lines end: a right edge that several lines share (a title across both columns is not one).
        var column = all.Where(l => Math.Abs(l.Left - previous.Left) <= 3 * size).ToList();
        // A line starting far from the others (centered: a heading, a title) stands alone.
        if (column.Count < 3) return true;
        var shared = column.Where(l => column.Count(m => Math.Abs(m.Right - l.Right) <= 0.5 * size) >= 2).ToList();
        var right = (shared.Count > 0 ? shared : column).Max(l => l.Right);
        var left = column.Min(l => l.Left);
        if (previous.Right < right - 1.5 * size) return true;
        if (line.Left > left + 1.2 * size) return true;
        return false;
    }

    /// <summary>
    /// Tables among laid-out pages' paragraphs: runs of two or more lines of two or more short cells apart by
    /// ideographic spaces, as ruled grids come out. Not rows: an article's label before its text (第一条　…), a
    /// line of fields (发布日期：…　来源：…).
    /// </summary>
    public static int CountTables(IEnumerable<string> pages)
    {
        var lines = pages.SelectMany(p => p.Split('\n')).ToArray();
        var rows = lines.Select(line =>
        {
            var cells = line.Split('\u3000', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return cells.Length >= 2 && cells.All(c => c.Length <= 30) && !IsLabel(cells[0])
                && !(cells.Length == 2 && cells.All(c => c.Contains('：')));
        }).ToArray();
        // Rows whose cells wrapped come out as lines of their pieces (海洋油气业 / 增加值平稳增长，…): lines between two
        // rows that could be such pieces (short, no full stop, no heading) do not end the table.
        for (var i = 1; i < rows.Length; i++)
        {
            if (rows[i] || !rows[i - 1]) continue;
            var end = i;
            while (end < rows.Length && !rows[end] && end - i < MaxWrappedLines && IsCellPiece(lines[end])) end++;
            if (end < rows.Length && rows[end]) for (var k = i; k < end; k++) rows[k] = true;
        }
        // A row whose wrapped cell ran into the next one (no space left between them) does not end its table.
        for (var i = 1; i + 1 < rows.Length; i++) if (!rows[i] && rows[i - 1] && rows[i + 1]) rows[i] = true;
        var tables = 0;
        var run = 0;
        foreach (var row in rows.Append(false))
        {
            if (row) run++;
            else
            {
                if (run >= 2) tables++;
                run = 0;
            }
        }
        return tables;
    }

    /// <summary>How many lines the pieces of one table row's wrapped cells may take.</summary>
    private const int MaxWrappedLines = 8;

    /// <summary>A line that may be a piece of a wrapped cell: short, not a sentence's end, not a heading.</summary>
    private static bool IsCellPiece(string line)
    {
        var text = line.Trim();
        return text.Length is > 0 and <= 60 && !text.EndsWith('。') && !text.EndsWith('；') && !Heading().IsMatch(text) && !IsLabel(text.Split('\u3000')[0]);
    }

    [GeneratedRegex(@"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百\d]+[章节编条])")]
    private static partial Regex Heading();

    /// <summary>A cell that is only a structure label (第一条, 第二章).</summary>
    private static bool IsLabel(string cell) => StructureLabels.Label().Match(cell) is { Success: true } m && m.Length == cell.Length;

    private static double TypicalSpacing(List<LaidOutLine> lines)
    {
        var gaps = lines.Zip(lines.Skip(1), (a, b) => b.Y - a.Y).Where(g => g > 0).OrderBy(g => g).ToList();
        return gaps.Count == 0 ? lines[0].Size * 1.5 : gaps[gaps.Count / 2];
    }

    [GeneratedRegex(@"^([—\-–－]\s*\d{1,4}\s*[—\-–－]|第\s*\d{1,4}\s*页(\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(\s*/\s*\d{1,4})?|[Pp]age\s*\d{1,4}(\s*of\s*\d{1,4})?)$")]
    public static partial Regex PageNumber();
}
