using System.Security.Cryptography;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

/// <summary>A source file read, decoded, cleaned, dated and split: everything but its place among the other files.</summary>
public sealed record ParsedDocument(
    string File,
    string ContentHash,
    string Encoding,
    DocumentMetadata Metadata,
    string Text,
    IReadOnlyList<Passage> Passages,
    ulong[] Signature)
{
    /// <summary>The file says it is a copy (a forum post, a mirror, 转载自…).</summary>
    public bool DeclaresCopy { get; init; }

    /// <summary>Its figures and dates in context (<see cref="NearDuplicateDetector.Facts"/>).</summary>
    public IReadOnlyList<string> Facts { get; init; } = [];

    /// <summary>For a Word, PDF or OFD file: what was extracted (pages, tables, OCR).</summary>
    public Formats.ExtractedText? Extracted { get; init; }

    /// <summary>Its 公文 elements and validity clauses (<see cref="GongwenMetadata"/>).</summary>
    public PolicySearch.Retrieval.Lifecycle.GongwenFacts Gongwen { get; init; } = PolicySearch.Retrieval.Lifecycle.GongwenFacts.None;
}

public sealed record ReadOutcome(ParsedDocument? Document, string? SkipReason);

/// <summary>read (decode, extract the article) → clean (junk, chrome) → metadata → passages.</summary>
public static class DocumentReader
{
    public static readonly IReadOnlySet<string> SupportedExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".ofd",
    };

    public const long MaxFileBytes = 20L * 1024 * 1024;

    /// <summary>
    /// Bumped whenever decoding, cleaning, metadata or splitting change: it is part of every file's content hash,
    /// so the next ingest re-reads every file with the new rules.
    /// </summary>
    public const string Version = "11";

    public static string HashOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes)) + "/v" + Version;

    public static ReadOutcome Read(string fullPath, string relativePath)
    {
        var (bytes, reason) = ReadBytes(fullPath);
        return bytes is null ? new ReadOutcome(null, reason) : Parse(bytes, relativePath);
    }

    /// <summary>
    /// The file's bytes, or why they cannot be used (type, size, permissions). Only a regular file is opened, and
    /// never more than <see cref="MaxFileBytes"/> is read, whatever its size said.
    /// </summary>
    public static (byte[]? Bytes, string? Reason) ReadBytes(string fullPath)
    {
        var extension = Path.GetExtension(fullPath);
        if (!SupportedExtensions.Contains(extension))
        {
            return (null, $"unsupported file type '{(extension.Length == 0 ? "(none)" : extension)}' (supported: .txt, .md, .html, .htm, .docx, .pdf, .ofd)");
        }
        if (SourceFolder.NotRegularReason(fullPath) is { } notRegular) return (null, notRegular);
        try
        {
            var length = new FileInfo(fullPath).Length;
            if (length > MaxFileBytes) return (null, TooLarge(length));
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // One byte more than the size said, so that the end shows without growing the buffer.
            var buffer = new byte[(int)Math.Min(MaxFileBytes + 1, length + 1)];
            var read = 0;
            while (true)
            {
                if (read == buffer.Length)
                {
                    if (buffer.Length > MaxFileBytes) return (null, TooLarge(read));
                    Array.Resize(ref buffer, (int)Math.Min(MaxFileBytes + 1, (long)buffer.Length * 2));
                }
                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0) break;
                read += n;
            }
            return (read == buffer.Length ? buffer : buffer[..read], null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read file: {ex.Message}");
        }
    }

    private static string TooLarge(long length) =>
        $"file too large ({length / (1024 * 1024)} MB or more; the limit is {MaxFileBytes / (1024 * 1024)} MB)";

    public static ReadOutcome Parse(byte[] bytes, string relativePath, Formats.FormatLimits? limits = null)
    {
        if (Formats.BinaryFormats.Extensions.Contains(Path.GetExtension(relativePath))) return ParseBinary(bytes, relativePath, limits ?? Formats.FormatLimits.Default);
        var (decoded, reason) = TextDecoder.Decode(bytes);
        if (decoded is null) return new ReadOutcome(null, reason);

        var extension = Path.GetExtension(relativePath).ToLowerInvariant();
        HtmlArticle? html = null;
        string text;
        if (extension is ".html" or ".htm")
        {
            html = HtmlArticleExtractor.Extract(decoded.Text);
            var body = NoiseCleaner.Clean(html.Body);
            text = html.Title is { Length: > 0 } title && !body.StartsWith(title, StringComparison.Ordinal) ? title + "\n\n" + body : body;
        }
        else
        {
            var plain = extension is ".md" or ".markdown" ? MarkdownText.ToPlain(decoded.Text) : decoded.Text;
            text = NoiseCleaner.Clean(plain);
        }

        return Build(bytes, relativePath, decoded.Encoding, text, html, [], NearDuplicateDetector.DeclaresCopy(decoded.Text), extracted: null);
    }

    /// <summary>
    /// A Word, PDF or OFD file: its text extracted (<see cref="Formats.BinaryFormats"/>), each page cleaned on its
    /// own, the pages joined with the offsets where each begins, so every passage knows its page.
    /// </summary>
    private static ReadOutcome ParseBinary(byte[] bytes, string relativePath, Formats.FormatLimits limits)
    {
        Formats.ExtractedText extracted;
        try
        {
            extracted = Formats.BinaryFormats.Extract(bytes, Path.GetExtension(relativePath), limits);
        }
        catch (Formats.UnreadableDocumentException ex)
        {
            return new ReadOutcome(null, ex.Message);
        }
        var text = new System.Text.StringBuilder();
        var pageStarts = new List<int>();
        foreach (var page in extracted.Pages)
        {
            var cleaned = NoiseCleaner.Clean(page).Trim('\n');
            if (text.Length > 0 && cleaned.Length > 0) text.Append('\n');
            pageStarts.Add(text.Length);
            text.Append(cleaned);
        }
        return Build(bytes, relativePath, extracted.Ocr ? "ocr" : Path.GetExtension(relativePath).TrimStart('.').ToLowerInvariant(), text.ToString(), null,
            extracted.Paged ? pageStarts : [], declaresCopy: false, extracted);
    }

    private static ReadOutcome Build(byte[] bytes, string relativePath, string encoding, string text, HtmlArticle? html, IReadOnlyList<int> pageStarts,
        bool declaresCopy, Formats.ExtractedText? extracted)
    {
        if (text.Count(c => c is >= '\u4E00' and <= '\u9FFF') < 10 && text.Length < 40)
        {
            return new ReadOutcome(null, "no readable text after removing markup and noise");
        }
        var metadata = MetadataExtractor.Extract(text, html, relativePath);
        var passages = HeadingPaths.Assign(text, PassageSplitter.Split(text, metadata.Year));
        if (pageStarts.Count > 0)
        {
            // Page n begins at pageStarts[n - 1]; a passage is on the page its start is on, and knows where later ones begin.
            int PageOf(int offset) => pageStarts.Count(s => s <= offset);
            passages = passages.Select(p => p with
            {
                Page = Math.Max(1, PageOf(p.Start)),
                PageBreaks = pageStarts.Where(s => s > p.Start && s < p.End).Select(s => s - p.Start).ToArray(),
            }).ToList();
        }
        return new ReadOutcome(
            new ParsedDocument(relativePath, HashOf(bytes), encoding, metadata, text, passages, NearDuplicateDetector.Signature(text))
            {
                DeclaresCopy = declaresCopy,
                Facts = NearDuplicateDetector.Facts(text),
                Extracted = extracted,
                Gongwen = GongwenMetadata.Extract(text, metadata.Title, extracted?.Declared ?? html?.Fields),
            },
            null);
    }
}
