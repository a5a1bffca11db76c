using System.IO.Compression;
using System.Text.Json.Nodes;
using PolicySearch.Ingestion.Formats;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

/// <summary>Word, PDF, scanned PDF and OFD files of ../shared/corpus-formats, read as ingestion reads them.</summary>
public sealed class FormatsTests
{
    private static string Folder => Path.Combine(TestPaths.Shared, "corpus-formats");

    private static IEnumerable<JsonObject> Manifest() =>
        File.ReadLines(Path.Combine(Folder, "manifest-formats.jsonl")).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!.AsObject());

    public static TheoryData<string> Files(bool scans)
    {
        var data = new TheoryData<string>();
        foreach (var m in Manifest().Where(m => (m["format"]!.ToString() == "pdf-scan") == scans)) data.Add(m["file"]!.ToString());
        return data;
    }

    public static TheoryData<string> TextFiles() => Files(scans: false);
    public static TheoryData<string> ScannedFiles() => Files(scans: true);

    private static JsonObject Entry(string file) => Manifest().Single(m => m["file"]!.ToString() == file);

    private static string NoSpace(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>Character F1 of two texts as multisets of characters, whitespace ignored.</summary>
    private static double CharacterF1(string actual, string expected)
    {
        var a = NoSpace(actual).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var e = NoSpace(expected).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var overlap = a.Sum(kv => Math.Min(kv.Value, e.GetValueOrDefault(kv.Key)));
        var total = a.Values.Sum() + e.Values.Sum();
        return total == 0 ? 0 : 2.0 * overlap / total;
    }

    private static ParsedDocument Read(string file)
    {
        var outcome = DocumentReader.Read(Path.Combine(Folder, file), file);
        Assert.True(outcome.Document is not null, $"{file}: {outcome.SkipReason}");
        return outcome.Document!;
    }

    [Theory]
    [MemberData(nameof(TextFiles))]
    public void TextFile_HasItsSentences_PagesAndTables_AndTheSourceText(string file)
    {
        var entry = Entry(file);
        var document = Read(file);
        var text = NoSpace(document.Text);
        foreach (var sentence in entry["sentences"]!.AsArray()) Assert.Contains(NoSpace(sentence!.ToString()), text);
        var expected = File.ReadAllText(Path.Combine(Folder, entry["expected_text"]!.ToString()));
        var f1 = CharacterF1(document.Text, expected);
        Assert.True(f1 >= 0.97, $"{file}: character F1 {f1:F3}");
        var format = entry["format"]!.ToString();
        if (format.StartsWith("docx", StringComparison.Ordinal))
        {
            Assert.Equal((int)entry["tables"]!, document.Extracted!.Tables);
            // Word draws numbered headings' numbers (一、 第一章) from numbering.xml: they are in the text.
            foreach (var heading in entry["headings"]?.AsArray() ?? []) Assert.Contains(NoSpace(heading!["text"]!.ToString()), text);
        }
        else
        {
            Assert.Equal((int)entry["pages"]!, document.Extracted!.Pages.Count);
            // Every passage knows its page; they run in order from page 1 to the last.
            // Ruled grids come out as tables; a page without one has none (not its 第一条　… or 发布日期：…　来源：… lines).
            // A row whose cells wrapped onto several lines (海洋油气业 / 增加值平稳增长，…) stays in its table.
            Assert.Equal((int)entry["tables"]!, document.Extracted!.Tables);
            var pages = (int)entry["pages"]!;
            Assert.Equal(1, document.Passages[0].Page);
            Assert.All(document.Passages, p => Assert.InRange(p.Page!.Value + p.PageBreaks.Count, 1, pages));
            if (pages >= 3) Assert.True(document.Passages[^1].Page + document.Passages[^1].PageBreaks.Count >= pages - 1, $"last passage on page {document.Passages[^1].Page}");
            Assert.True(document.Passages.Zip(document.Passages.Skip(1)).All(p => p.First.Page <= p.Second.Page));
            // Page numbers are furniture: the file's page-number lines (— 2 —, 第 2 页) do not stay in the text.
            if (entry["page_numbers"]?.ToString() is { Length: > 0 } pattern)
            {
                var printed = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(NoSpace(pattern)).Replace(@"\{n}", @"\d+").Replace(@"\{total}", @"\d+") + "$");
                Assert.DoesNotContain(document.Text.Split('\n'), line => printed.IsMatch(NoSpace(line)));
            }
        }
        foreach (var row in entry["table_rows"]?.AsArray() ?? [])
        {
            // A table row stays one line, its cells in order.
            var cells = row!.AsArray().Select(c => NoSpace(c!.ToString())).Where(c => c.Length > 0).ToList();
            Assert.Contains(document.Text.Split('\n'), line => cells.Aggregate(0, (at, cell) => at < 0 ? -1 : NoSpace(line).IndexOf(cell, at, StringComparison.Ordinal) is var i and >= 0 ? i + cell.Length : -1) >= 0);
        }
    }

    [Theory]
    [MemberData(nameof(ScannedFiles))]
    public void ScannedPdf_IsReadByOcr_AndMarkedSo(string file)
    {
        Assert.True(Ocr.Available(), "Tesseract with chi_sim is needed (the README's test command installs tesseract-ocr and tesseract-ocr-chi-sim)");
        var entry = Entry(file);
        var document = Read(file);
        Assert.True(document.Extracted!.Ocr);
        Assert.InRange(document.Extracted.OcrConfidence!.Value, 50, 100);
        Assert.Equal("ocr", document.Encoding);
        Assert.Equal((int)entry["pages"]!, document.Extracted.Pages.Count);
        var f1 = CharacterF1(document.Text, File.ReadAllText(Path.Combine(Folder, entry["expected_text"]!.ToString())));
        Assert.True(f1 >= 0.90, $"{file}: character F1 {f1:F3}");
        // A ruled table's vertical lines, read as "|", separate its cells as in the other formats: it counts as a table.
        Assert.Equal((int)entry["tables"]!, document.Extracted.Tables);
    }

    [Fact]
    public void Ofd_PublicSamplesFromOtherProducers_AreRead()
    {
        var samples = Directory.GetFiles(Path.Combine(TestPaths.Shared, "bench", "ofd-samples"), "*.ofd");
        Assert.NotEmpty(samples);
        var read = samples.Select(f => (File: f, Outcome: DocumentReader.Parse(File.ReadAllBytes(f), Path.GetFileName(f)))).ToList();
        // Each is read or turned away with a reason; none throws. helloworld.ofd says what its name says.
        Assert.All(read, r => Assert.True(r.Outcome.Document is not null || r.Outcome.SkipReason is { Length: > 0 }));
        var pages = read.Select(r => Path.GetFileName(r.File)).ToList();
        var texts = samples.Select(f => { try { return string.Join("", OfdText.Extract(File.ReadAllBytes(f), FormatLimits.Default).Pages); } catch (UnreadableDocumentException) { return ""; } }).ToList();
        Assert.True(texts.Count(t => t.Length > 0) >= samples.Length - 1, string.Join(", ", pages.Zip(texts, (p, t) => $"{p}: {t.Length}")));
    }

    [Fact]
    public void Docx_ThatIsNotAZip_IsSkippedWithAReason()
    {
        var outcome = DocumentReader.Parse("这不是一个Word文件"u8.ToArray(), "通知.docx");
        Assert.Null(outcome.Document);
        Assert.Contains("not a zip", outcome.SkipReason);
    }

    [Fact]
    public void Ofd_Truncated_IsSkippedWithAReason()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "d17-qd-2021-marine-ranch-regulation.ofd"));
        var outcome = DocumentReader.Parse(bytes[..(bytes.Length / 2)], "条例.ofd");
        Assert.Null(outcome.Document);
        Assert.Matches("OFD|zip", outcome.SkipReason!);
    }

    [Fact]
    public void ZipBomb_IsNotInflatedPastTheLimit()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 8; i++) entry.Write(zeros);
        }
        var outcome = DocumentReader.Parse(memory.ToArray(), "炸弹.docx", new FormatLimits(MaxUncompressedBytes: 2 * 1024 * 1024));
        Assert.Null(outcome.Document);
        Assert.Contains("zip bomb", outcome.SkipReason);
    }

    [Fact]
    public void Pdf_WithMorePagesThanTheLimit_IsSkippedWithAReason()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "d17-qd-2021-marine-ranch-regulation.pdf"));
        var outcome = DocumentReader.Parse(bytes, "条例.pdf", new FormatLimits(MaxPages: 2));
        Assert.Null(outcome.Document);
        Assert.Contains("3 pages", outcome.SkipReason);
        Assert.Contains("MaxPages", outcome.SkipReason);
    }

    [Fact]
    public void Pdf_Damaged_IsSkippedWithAReason()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "d17-qd-2021-marine-ranch-regulation.pdf"));
        var outcome = DocumentReader.Parse(bytes[..200], "条例.pdf");
        Assert.Null(outcome.Document);
        Assert.False(string.IsNullOrWhiteSpace(outcome.SkipReason));
    }

    [Fact]
    public void TextLayout_JoinsWrappedLines_AndKeepsParagraphs()
    {
        // Two justified lines of one paragraph, a short last line, then an indented new paragraph and a page number.
        var lines = new List<LaidOutLine>
        {
            new(20, 190, 40, 5, "为加强海洋牧场管理，保护海洋生态环境，促进海洋经济"),
            new(10, 190, 48, 5, "高质量发展，制定本条例。本条例自2022年"),
            new(10, 190, 56, 5, "3月1日起施行。The rules apply to"),
            new(10, 190, 64, 5, "all ranches."),
            new(20, 190, 72, 5, "第二条　适用范围。"),
            new(10, 190, 80, 5, "本条例适用于本市。"),
            new(95, 110, 280, 5, "— 3 —"),
        };
        var text = TextLayout.Paragraphs(lines);
        Assert.Contains("促进海洋经济高质量发展", text);
        Assert.Contains("2022年3月1日", text);
        Assert.Contains("apply to all ranches.", text);
        Assert.Contains("\n第二条", text);
        Assert.DoesNotContain("— 3 —", text);
    }
}
