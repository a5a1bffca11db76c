using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace PolicySearch.Ingestion.Formats;

/// <summary>
/// PDF text with PdfPig: each page's letters in the order the page draws them (which keeps a two-column page's
/// columns apart), cut into lines where the baseline moves or the pen goes back, cells on one baseline kept apart by
/// an ideographic space; lines become paragraphs (<see cref="TextLayout"/>), page numbers dropped. A page without
/// text is a scan: its images go to OCR (<see cref="Ocr"/>).
/// </summary>
public static class PdfText
{
    public static ExtractedText Extract(byte[] bytes, FormatLimits limits)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(bytes);
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new UnreadableDocumentException("encrypted PDF (a password is needed to read it); not read");
        }
        // A damaged file can fail anywhere in the parser: whatever it throws, the file is unreadable, not the ingest.
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new UnreadableDocumentException($"not a readable PDF: {ex.Message}");
        }
        using (pdf)
        {
            if (pdf.IsEncrypted && pdf.NumberOfPages == 0) throw new UnreadableDocumentException("encrypted PDF; not read");
            if (pdf.NumberOfPages > limits.MaxPages)
            {
                throw new UnreadableDocumentException($"PDF of {pdf.NumberOfPages} pages (the limit is {limits.MaxPages}, Ingestion:MaxPages); not read");
            }
            var pages = new List<string>();
            var scanned = new List<int>();
            // A document keeps what it parsed (fonts, pages) until it is closed: a long PDF is read a few pages at a
            // time, each run by a document of its own, so that memory stays that of a few pages.
            for (var first = 1; first <= pdf.NumberOfPages; first += PagesPerRun)
            {
                using var run = first == 1 ? null : PdfDocument.Open(bytes);
                var reader = run ?? pdf;
                for (var n = first; n < first + PagesPerRun && n <= pdf.NumberOfPages; n++)
                {
                    Page page;
                    try
                    {
                        page = reader.GetPage(n);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        throw new UnreadableDocumentException($"PDF page {n} cannot be read: {ex.Message}");
                    }
                    var text = TextLayout.Paragraphs(Lines(page));
                    // A page with little text and no picture is just a short page (a table's end, a signature).
                    if (Readable(text) || !page.GetImages().Any()) pages.Add(text);
                    else
                    {
                        pages.Add("");
                        scanned.Add(n);
                    }
                }
            }
            var info = pdf.Information;
            var extracted = new ExtractedText(pages, TextLayout.CountTables(pages), Paged: true)
            {
                Title = info.Title is { Length: > 0 } t ? t : null,
                Author = info.Author is { Length: > 0 } a ? a : null,
            };
            if (scanned.Count == 0) return extracted;
            return Ocr.Pages(pdf, scanned, extracted);
        }
    }

    private const int PagesPerRun = 20;

    /// <summary>Text worth keeping: enough letters, and not a garbled text layer (private-use or replacement characters).</summary>
    private static bool Readable(string text)
    {
        var letters = text.Count(char.IsLetterOrDigit);
        if (letters < 5) return false;
        var garbled = text.Count(c => c is '\uFFFD' || (c >= '\uE000' && c <= '\uF8FF'));
        return garbled < 0.2 * letters;
    }

    private static List<LaidOutLine> Lines(Page page)
    {
        var lines = new List<LaidOutLine>();
        var sb = new StringBuilder();
        double left = 0, right = 0, y = 0, size = 0;
        var open = false;
        void Close()
        {
            if (open && sb.ToString().Trim().Length > 0) lines.Add(new LaidOutLine(left, right, y, size, sb.ToString()));
            sb.Clear();
            open = false;
        }
        foreach (var letter in page.Letters)
        {
            var value = letter.Value;
            if (string.IsNullOrEmpty(value)) continue;
            var box = letter.BoundingBox;
            var x0 = letter.StartBaseLine.X;
            var x1 = Math.Max(letter.EndBaseLine.X, x0 + box.Width);
            var baseline = page.Height - letter.StartBaseLine.Y;
            var letterSize = letter.PointSize > 0 ? letter.PointSize : Math.Max(box.Height, 1);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (open && value.Contains('\u3000')) sb.Append('\u3000');
                else if (open && sb.Length > 0 && char.IsAsciiLetterOrDigit(sb[^1])) sb.Append(' ');
                continue;
            }
            if (open && (Math.Abs(baseline - y) > 0.4 * Math.Max(size, letterSize) || x0 < right - 2 * Math.Max(size, letterSize)))
            {
                Close();
            }
            if (!open)
            {
                (left, right, y, size, open) = (x0, x1, baseline, letterSize, true);
                sb.Append(value);
                continue;
            }
            var gap = x0 - right;
            // Far apart on one baseline: table cells (or 署名 and date), kept apart.
            if (gap > 1.5 * size && (sb.Length == 0 || sb[^1] != '\u3000')) sb.Append('\u3000');
            else if (gap > 0.2 * size && sb.Length > 0 && char.IsAsciiLetterOrDigit(sb[^1]) && char.IsAsciiLetterOrDigit(value[0]) && sb[^1] != ' ') sb.Append(' ');
            sb.Append(value);
            right = Math.Max(right, x1);
            size = Math.Max(size, letterSize);
        }
        Close();
        return lines;
    }
}
