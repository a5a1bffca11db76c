namespace PolicySearch.Ingestion.Formats;

/// <summary>
/// The text of a Word, PDF or OFD file: its pages' texts in order (one page for a format without pages), the tables
/// it holds, and what the file's own properties say.
/// </summary>
public sealed record ExtractedText(IReadOnlyList<string> Pages, int Tables, bool Paged)
{
    public string? Title { get; init; }
    public string? Author { get; init; }
    public string? Date { get; init; }

    /// <summary>Fields the file declares about itself (an OFD's CustomData: 发文机关, 发文字号, 成文日期).</summary>
    public IReadOnlyDictionary<string, string> Declared { get; init; } = new Dictionary<string, string>();

    /// <summary>The text came from OCR of page images, with the engine's mean confidence (0–100).</summary>
    public bool Ocr { get; init; }
    public double? OcrConfidence { get; init; }
}

/// <summary>Limits on what a binary document may cost to read.</summary>
public sealed record FormatLimits(int MaxPages = 500, long MaxUncompressedBytes = 200L * 1024 * 1024)
{
    public static readonly FormatLimits Default = new();
}

/// <summary>A file that cannot be read as its format says, with the reason a user is shown.</summary>
public sealed class UnreadableDocumentException(string reason) : Exception(reason);

/// <summary>Reads .docx, .pdf and .ofd files into text.</summary>
public static class BinaryFormats
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".docx", ".pdf", ".ofd" };

    public static ExtractedText Extract(byte[] bytes, string extension, FormatLimits limits) => extension.ToLowerInvariant() switch
    {
        ".docx" => DocxText.Extract(bytes, limits),
        ".pdf" => PdfText.Extract(bytes, limits),
        ".ofd" => OfdText.Extract(bytes, limits),
        _ => throw new UnreadableDocumentException($"unsupported file type '{extension}'"),
    };
}
