using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PolicySearch.Ingestion.Formats;

/// <summary>
/// Word (.docx) text with DocumentFormat.OpenXml: the body's paragraphs and tables in reading order, the numbers Word
/// draws before numbered headings (一、 （一） 1. live in numbering.xml, not in the text), a table row per line with
/// its cells apart by ideographic spaces, footnotes at the end; headers and footers (page numbers) are left out.
/// </summary>
public static class DocxText
{
    public static ExtractedText Extract(byte[] bytes, FormatLimits limits)
    {
        ZipGuard.Open(bytes, limits, "Word").Dispose();
        WordprocessingDocument document;
        try
        {
            document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException)
        {
            throw new UnreadableDocumentException($"not a readable Word file: {ex.Message}");
        }
        using (document)
        {
            var main = document.MainDocumentPart ?? throw new UnreadableDocumentException("Word file without a document body");
            var body = main.Document?.Body ?? throw new UnreadableDocumentException("Word file without a document body");
            var numbers = new Numbering(main);
            var lines = new List<string>();
            var tables = 0;
            foreach (var element in body.ChildElements)
            {
                switch (element)
                {
                    case Paragraph p:
                        var text = numbers.Prefix(p) + ParagraphText(p);
                        if (!string.IsNullOrWhiteSpace(text)) lines.Add(text.Trim());
                        break;
                    case Table t:
                        tables++;
                        foreach (var row in t.Elements<TableRow>())
                        {
                            var cells = row.Elements<TableCell>().Select(c => string.Join("", c.Elements<Paragraph>().Select(ParagraphText)).Trim());
                            lines.Add(string.Join('\u3000', cells));
                        }
                        break;
                }
            }
            var notes = main.FootnotesPart?.Footnotes?.Elements<Footnote>()
                .Where(f => f.Type is null || f.Type.Value == FootnoteEndnoteValues.Normal)
                .Select(f => string.Join("", f.Elements<Paragraph>().Select(ParagraphText)).Trim())
                .Where(t => t.Length > 0).ToList() ?? [];
            lines.AddRange(notes.Select(n => "注：" + n));
            var core = document.PackageProperties;
            return new ExtractedText([string.Join('\n', lines)], tables, Paged: false)
            {
                Title = core.Title is { Length: > 0 } title ? title : null,
                Author = core.Creator is { Length: > 0 } author ? author : null,
            };
        }
    }

    /// <summary>A paragraph's runs: text, tabs as spaces, breaks as line ends; deleted text and field codes left out.</summary>
    private static string ParagraphText(Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var node in p.Descendants())
        {
            switch (node)
            {
                case Text t when t.Parent is not DeletedRun: sb.Append(t.Text); break;
                case TabChar: sb.Append('\u3000'); break;
                case Break: sb.Append('\n'); break;
                case NoBreakHyphen: sb.Append('-'); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Word's list numbering: each (list, level) counts its paragraphs; a level's count restarts under a new parent.</summary>
    private sealed class Numbering
    {
        private readonly Dictionary<int, Dictionary<int, Level>> _levels = new();
        private readonly Dictionary<string, (int NumId, int Level)> _styleNumbers = new();
        private readonly Dictionary<int, int[]> _counters = new();

        private sealed record Level(string Format, string Text, int Start);

        public Numbering(MainDocumentPart main)
        {
            var numbering = main.NumberingDefinitionsPart?.Numbering;
            if (numbering is not null)
            {
                var abstracts = numbering.Elements<AbstractNum>().ToDictionary(a => a.AbstractNumberId?.Value ?? -1, a =>
                    a.Elements<DocumentFormat.OpenXml.Wordprocessing.Level>().ToDictionary(
                        l => l.LevelIndex?.Value ?? 0,
                        l => new Level(l.NumberingFormat?.Val?.InnerText ?? "decimal", l.LevelText?.Val?.Value ?? "", l.StartNumberingValue?.Val?.Value ?? 1)));
                foreach (var num in numbering.Elements<NumberingInstance>())
                {
                    if (num.NumberID?.Value is { } id && num.AbstractNumId?.Val?.Value is { } abs && abstracts.TryGetValue(abs, out var levels)) _levels[id] = levels;
                }
            }
            foreach (var style in main.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
            {
                if (style.StyleId?.Value is { } sid && style.StyleParagraphProperties?.NumberingProperties is { } np && np.NumberingId?.Val?.Value is { } nid)
                {
                    _styleNumbers[sid] = (nid, np.NumberingLevelReference?.Val?.Value ?? 0);
                }
            }
        }

        public string Prefix(Paragraph p)
        {
            var props = p.ParagraphProperties;
            int? numId = props?.NumberingProperties?.NumberingId?.Val?.Value;
            var level = props?.NumberingProperties?.NumberingLevelReference?.Val?.Value ?? 0;
            if (numId is null && props?.ParagraphStyleId?.Val?.Value is { } sid && _styleNumbers.TryGetValue(sid, out var fromStyle)) (numId, level) = fromStyle;
            if (numId is not { } id || id == 0 || !_levels.TryGetValue(id, out var levels) || !levels.TryGetValue(level, out var lvl)) return "";
            if (lvl.Format is "bullet" or "none") return "";
            if (!_counters.TryGetValue(id, out var counters))
            {
                counters = _counters[id] = new int[10];
                for (var k = 0; k < 10; k++) counters[k] = (levels.TryGetValue(k, out var l) ? l.Start : 1) - 1;
            }
            counters[level]++;
            for (var deeper = level + 1; deeper < 10; deeper++) counters[deeper] = (levels.TryGetValue(deeper, out var l) ? l.Start : 1) - 1;
            var text = lvl.Text;
            for (var k = 0; k <= level; k++)
            {
                var format = levels.TryGetValue(k, out var l) ? l.Format : "decimal";
                text = text.Replace($"%{k + 1}", Format(Math.Max(counters[k], 1), format));
            }
            return text;
        }

        private static string Format(int n, string format) => format switch
        {
            "chineseCounting" or "chineseCountingThousand" or "chineseLegalSimplified" or "ideographDigital" => Chinese(n),
            "decimalFullWidth" or "decimalFullWidth2" => new string(n.ToString().Select(c => (char)(c - '0' + '０')).ToArray()),
            "lowerLetter" => ((char)('a' + (n - 1) % 26)).ToString(),
            "upperLetter" => ((char)('A' + (n - 1) % 26)).ToString(),
            "lowerRoman" => Roman(n).ToLowerInvariant(),
            "upperRoman" => Roman(n),
            "decimalEnclosedCircle" or "decimalEnclosedCircleChinese" when n <= 20 => ((char)('①' + n - 1)).ToString(),
            "ideographTraditional" when n <= 10 => "甲乙丙丁戊己庚辛壬癸"[n - 1].ToString(),
            _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        /// <summary>一 … 十 … 九十九, as Word counts in Chinese.</summary>
        public static string Chinese(int n)
        {
            const string digits = "零一二三四五六七八九";
            if (n < 10) return digits[n].ToString();
            if (n < 100) return (n / 10 == 1 ? "" : digits[n / 10].ToString()) + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString());
            return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string Roman(int n)
        {
            var values = new[] { (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") };
            var sb = new StringBuilder();
            foreach (var (v, s) in values) while (n >= v) { sb.Append(s); n -= v; }
            return sb.ToString();
        }
    }
}
