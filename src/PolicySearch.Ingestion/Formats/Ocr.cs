using System.Diagnostics;
using System.Globalization;
using UglyToad.PdfPig;

namespace PolicySearch.Ingestion.Formats;

/// <summary>
/// OCR of scanned PDF pages with Tesseract (the `tesseract` program and its chi_sim model, Debian packages
/// tesseract-ocr and tesseract-ocr-chi-sim): each page's images are read, the spaces Tesseract puts between Chinese
/// characters removed, and the document marked as OCR'd with the engine's mean word confidence.
/// </summary>
public static partial class Ocr
{
    public static string Program { get; set; } = "tesseract";

    public static ExtractedText Pages(PdfDocument pdf, IReadOnlyList<int> scanned, ExtractedText extracted)
    {
        if (!Available())
        {
            throw new UnreadableDocumentException(
                $"scanned PDF ({scanned.Count} of {pdf.NumberOfPages} pages have no text layer) and Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim); not read");
        }
        var pages = extracted.Pages.ToList();
        var confidences = new List<double>();
        foreach (var n in scanned)
        {
            var lines = new List<LaidOutLine>();
            foreach (var image in pdf.GetPage(n).GetImages())
            {
                var bytes = image.TryGetPng(out var png) ? png : image.RawBytes.ToArray();
                if (bytes.Length == 0) continue;
                var (read, confidence) = Read(bytes);
                // Images one below the other: each one's lines after the previous one's.
                var offset = lines.Count == 0 ? 0 : lines.Max(l => l.Y) + 1000;
                lines.AddRange(read.Select(l => l with { Y = l.Y + offset }));
                if (confidence is { } c) confidences.Add(c);
            }
            pages[n - 1] = TextLayout.Paragraphs(lines);
        }
        return extracted with { Pages = pages, Tables = TextLayout.CountTables(pages), Ocr = true, OcrConfidence = confidences.Count == 0 ? null : Math.Round(confidences.Average(), 1) };
    }

    public static bool Available()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Program, "--list-langs") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null) return false;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit(10_000);
            return output.Contains("chi_sim", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>One image's lines, placed as Tesseract found them (pixels), and its mean word confidence.</summary>
    private static (List<LaidOutLine> Lines, double? Confidence) Read(byte[] image)
    {
        var file = Path.Combine(Path.GetTempPath(), "policysearch-ocr-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(file, image);
        try
        {
            var tsv = Run($"\"{file}\" stdout -l chi_sim --psm 3 tsv");
            var confidences = new List<double>();
            var words = new List<(string Line, int Left, int Top, int Right, int Bottom, string Text)>();
            foreach (var row in tsv.Split('\n').Skip(1))
            {
                var cells = row.Split('\t');
                if (cells.Length < 12 || cells[0] != "5" || cells[11].Trim().Length == 0) continue;
                var box = cells[6..10].Select(c => int.TryParse(c, out var v) ? v : 0).ToArray();
                if (double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c >= 0) confidences.Add(c);
                words.Add(($"{cells[2]}/{cells[3]}/{cells[4]}", box[0], box[1], box[0] + box[2], box[1] + box[3], cells[11].Trim()));
            }
            var lines = words.GroupBy(w => w.Line).Select(g =>
            {
                var heights = g.Select(w => w.Bottom - w.Top).OrderBy(h => h).ToList();
                return new LaidOutLine(g.Min(w => w.Left), g.Max(w => w.Right), g.Max(w => w.Bottom), Math.Max(1, heights[heights.Count / 2]), Join(g.Select(w => w.Text)));
            }).OrderBy(l => l.Y).ToList();
            return (lines, confidences.Count == 0 ? null : confidences.Average());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Words of a line: no space between Chinese characters, one between Latin words; ASCII punctuation next to a
    /// Chinese character made full-width, as Chinese text writes it (Tesseract reads "：" as ":"). A ruled table's
    /// vertical lines, read as "|", become what separates cells in every other format: an ideographic space.
    /// </summary>
    private static string Join(IEnumerable<string> words)
    {
        var line = JoinWords(words);
        return line.Contains('|') ? RuledLines().Replace(line, "\u3000").Trim('\u3000', ' ') : line;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\|[\s|]*")]
    private static partial System.Text.RegularExpressions.Regex RuledLines();

    private static string JoinWords(IEnumerable<string> words)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var w in words)
        {
            if (sb.Length > 0 && char.IsAsciiLetterOrDigit(sb[^1]) && char.IsAsciiLetterOrDigit(w[0])) sb.Append(' ');
            sb.Append(w);
        }
        for (var i = 0; i < sb.Length; i++)
        {
            var full = sb[i] switch { ',' => '，', ':' => '：', ';' => '；', '(' => '（', ')' => '）', '?' => '？', '!' => '！', _ => '\0' };
            if (full == '\0') continue;
            var cjkBefore = i > 0 && IsCjk(sb[i - 1]);
            var cjkAfter = i + 1 < sb.Length && IsCjk(sb[i + 1]);
            if (cjkBefore || cjkAfter) sb[i] = full;
        }
        return sb.ToString();
    }

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3000' and <= '\u303F' or >= '\uFF00' and <= '\uFFEF';

    private static string Run(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new UnreadableDocumentException("Tesseract could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new UnreadableDocumentException("OCR of a page took more than two minutes; not read");
        }
        return stdout.Result;
    }
}
