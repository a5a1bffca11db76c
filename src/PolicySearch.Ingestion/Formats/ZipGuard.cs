using System.IO.Compression;

namespace PolicySearch.Ingestion.Formats;

/// <summary>
/// Opens a zip package (DOCX, OFD) only when it is one and its entries, actually inflated, stay under the limit:
/// a zip bomb's declared sizes can lie, so every entry is read through once, counting.
/// </summary>
public static class ZipGuard
{
    public static ZipArchive Open(byte[] bytes, FormatLimits limits, string format)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new UnreadableDocumentException($"not a {format} file: it is not a zip package (damaged or of another format)");
        }
        long total = 0;
        var buffer = new byte[81920];
        try
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += n;
                    if (total > limits.MaxUncompressedBytes)
                    {
                        archive.Dispose();
                        throw new UnreadableDocumentException(
                            $"{format} package inflates to more than {limits.MaxUncompressedBytes / (1024 * 1024)} MB (a zip bomb or a damaged file); not read");
                    }
                }
            }
        }
        catch (InvalidDataException ex)
        {
            archive.Dispose();
            throw new UnreadableDocumentException($"{format} package is damaged or truncated: {ex.Message}");
        }
        return archive;
    }
}
