using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PolicySearch.Ingestion.Formats;

/// <summary>
/// OFD (GB/T 33190-2016) text, read with System.IO.Compression and System.Xml: OFD.xml → its DocRoot's Document.xml →
/// each page's Content.xml; every TextObject's TextCode placed at its Boundary plus X/Y, characters advanced by DeltaX
/// (with its "g N v" runs); lines rebuilt from Y, then X, then paragraphs (<see cref="TextLayout"/>). Template pages
/// (running headers) are page furniture and left out. DocInfo gives title, author and date.
/// </summary>
public static class OfdText
{
    public static ExtractedText Extract(byte[] bytes, FormatLimits limits)
    {
        using var zip = ZipGuard.Open(bytes, limits, "OFD");
        var root = Load(zip, "OFD.xml") ?? throw new UnreadableDocumentException("not an OFD file: it has no OFD.xml");
        var body = Child(root.Root!, "DocBody") ?? throw new UnreadableDocumentException("OFD.xml names no document (DocBody)");
        var docRoot = Child(body, "DocRoot")?.Value.Trim() ?? throw new UnreadableDocumentException("OFD.xml names no DocRoot");
        var info = Child(body, "DocInfo");
        var document = Load(zip, docRoot) ?? throw new UnreadableDocumentException($"OFD document {docRoot} is missing");
        var folder = Folder(docRoot);
        var pageRefs = Descendants(document.Root!, "Page").Select(p => p.Attribute("BaseLoc")?.Value).Where(p => p is not null).Select(p => p!).ToList();
        if (pageRefs.Count == 0) throw new UnreadableDocumentException("OFD document has no pages");
        if (pageRefs.Count > limits.MaxPages) throw new UnreadableDocumentException($"OFD of {pageRefs.Count} pages (the limit is {limits.MaxPages}, Ingestion:MaxPages); not read");
        var pages = new List<string>();
        foreach (var reference in pageRefs)
        {
            var page = Load(zip, Resolve(folder, reference)) ?? throw new UnreadableDocumentException($"OFD page {reference} is missing (a truncated file?)");
            pages.Add(TextLayout.Paragraphs(Lines(page)));
        }
        var custom = info is null ? [] : Descendants(info, "CustomData")
            .Where(c => c.Attribute("Name") is not null)
            .GroupBy(c => c.Attribute("Name")!.Value).ToDictionary(g => g.Key, g => g.First().Value.Trim());
        return new ExtractedText(pages, TextLayout.CountTables(pages), Paged: true)
        {
            Title = Text(info, "Title"),
            Author = Text(info, "Author") ?? custom.GetValueOrDefault("发文机关"),
            Date = Text(info, "CreationDate"),
            Declared = custom,
        };
    }

    private static List<LaidOutLine> Lines(XDocument page)
    {
        var runs = new List<(double X0, double X1, double Y, double Size, string Text)>();
        foreach (var layer in Descendants(page.Root!, "Layer"))
        {
            foreach (var obj in Descendants(layer, "TextObject"))
            {
                var boundary = Numbers(obj.Attribute("Boundary")?.Value);
                if (boundary.Count < 2) continue;
                var size = double.TryParse(obj.Attribute("Size")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 3.5;
                double lastX = 0, lastY = 0;
                foreach (var code in obj.Elements().Where(e => e.Name.LocalName == "TextCode"))
                {
                    var x = Attribute(code, "X") ?? lastX;
                    var y = Attribute(code, "Y") ?? lastY;
                    (lastX, lastY) = (x, y);
                    var text = code.Value;
                    if (text.Length == 0) continue;
                    var deltas = Deltas(code.Attribute("DeltaX")?.Value);
                    var advance = deltas.Take(Math.Max(0, text.Length - 1)).Sum() + (deltas.Count >= text.Length - 1 ? 0 : (text.Length - 1 - deltas.Count) * size);
                    runs.Add((boundary[0] + x, boundary[0] + x + advance + size, boundary[1] + y, size, text));
                }
            }
        }
        var lines = new List<LaidOutLine>();
        foreach (var run in runs.OrderBy(r => r.Y).ThenBy(r => r.X0))
        {
            var line = lines.Count == 0 ? null : lines[^1];
            if (line is not null && Math.Abs(run.Y - line.Y) <= 0.3 * Math.Max(run.Size, line.Size)) continue;
            var same = runs.Where(r => Math.Abs(r.Y - run.Y) <= 0.3 * Math.Max(r.Size, run.Size)).OrderBy(r => r.X0).ToList();
            var sb = new StringBuilder();
            var right = double.NegativeInfinity;
            foreach (var r in same)
            {
                if (sb.Length > 0 && r.X0 - right > 1.5 * r.Size) sb.Append('\u3000');
                else if (sb.Length > 0 && char.IsAsciiLetterOrDigit(sb[^1]) && char.IsAsciiLetterOrDigit(r.Text[0]) && r.X0 - right > 0.2 * r.Size) sb.Append(' ');
                sb.Append(r.Text);
                right = Math.Max(right, r.X1);
            }
            lines.Add(new LaidOutLine(same[0].X0, right, run.Y, same.Max(r => r.Size), sb.ToString()));
        }
        return lines;
    }

    /// <summary>DeltaX: advances between characters, "g N v" standing for N times v.</summary>
    private static List<double> Deltas(string? value)
    {
        var result = new List<double>();
        if (string.IsNullOrWhiteSpace(value)) return result;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] == "g" && i + 2 < parts.Length && int.TryParse(parts[i + 1], out var count) &&
                double.TryParse(parts[i + 2], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                result.AddRange(Enumerable.Repeat(v, Math.Min(count, 100_000)));
                i += 2;
            }
            else if (double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) result.Add(d);
        }
        return result;
    }

    private static double? Attribute(XElement e, string name) =>
        double.TryParse(e.Attribute(name)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static List<double> Numbers(string? value) =>
        (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .Where(v => !double.IsNaN(v)).ToList();

    private static string? Text(XElement? parent, string name) => parent is null ? null : Child(parent, name)?.Value.Trim() is { Length: > 0 } v ? v : null;

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<XElement> Descendants(XElement parent, string name) => parent.Descendants().Where(e => e.Name.LocalName == name);

    private static string Folder(string path)
    {
        var slash = path.TrimStart('/').LastIndexOf('/');
        return slash < 0 ? "" : path.TrimStart('/')[..(slash + 1)];
    }

    private static string Resolve(string folder, string reference) =>
        reference.StartsWith('/') ? reference.TrimStart('/') : folder + reference;

    private static XDocument? Load(ZipArchive zip, string path)
    {
        var name = path.TrimStart('/').Replace('\\', '/');
        var entry = zip.GetEntry(name) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName.TrimStart('/'), name, StringComparison.OrdinalIgnoreCase));
        if (entry is null) return null;
        try
        {
            using var stream = entry.Open();
            // No DTDs, no external entities: a package is data, not instructions.
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }
        catch (Exception ex) when (ex is XmlException or InvalidDataException)
        {
            throw new UnreadableDocumentException($"OFD part {name} is damaged or truncated: {ex.Message}");
        }
    }
}
