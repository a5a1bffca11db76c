using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PolicySearch.Ingestion;
using PolicySearch.Ingestion.Formats;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

/// <summary>
/// bench-formats: how fast Word, PDF, OFD and scanned PDF files are read (pages per second, OCR apart), and what a
/// long PDF costs: one of the folder's PDFs repeated to --pages pages, read as ingestion reads it, with its time and
/// the process's peak memory.
/// </summary>
public static class BenchFormatsCommand
{
    public static Command Create()
    {
        var folder = new Option<string>("--formats") { Description = "Folder of .docx/.pdf/.ofd files", DefaultValueFactory = _ => RepositoryRoot.Resolve("../shared/corpus-formats") };
        var pages = new Option<int>("--pages") { Description = "Pages of the long PDF", DefaultValueFactory = _ => 300 };
        var read = new Option<string?>("--read") { Description = "Only read this file as ingestion does and print the time and this process's peak memory" };
        var command = new Command("bench-formats", "Time reading Word, PDF, scanned PDF and OFD files, and a long PDF") { folder, pages, read };
        command.SetAction(parse =>
        {
            if (parse.GetValue(read) is { } single)
            {
                var bytes = File.ReadAllBytes(single);
                var clock = Stopwatch.StartNew();
                var outcome = DocumentReader.Parse(bytes, Path.GetFileName(single));
                var pageCount = outcome.Document?.Extracted?.Pages.Count ?? 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"long PDF: {pageCount} pages ({bytes.Length / 1024} KiB) read in {clock.Elapsed.TotalSeconds:F1} s ({pageCount / clock.Elapsed.TotalSeconds:F0} pages/s), {outcome.Document?.Passages.Count ?? 0} passages{(outcome.SkipReason is { } why ? $", skipped: {why}" : "")}; peak working set of the process {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB, {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MB held after it"));
                return 0;
            }
            var dir = Path.GetFullPath(parse.GetValue(folder)!);
            if (!Directory.Exists(dir)) return SearchCommand.Fail($"{dir} does not exist");
            var files = Directory.GetFiles(dir).Where(f => BinaryFormats.Extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
            // First (so that the peak is its own): the long PDF, a text PDF's pages over and over.
            var source = files.Where(f => f.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) && !f.Contains(".scan.", StringComparison.Ordinal)).FirstOrDefault();
            if (source is not null)
            {
                var bytes = File.ReadAllBytes(source);
                int perCopy;
                using (var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes)) perCopy = pdf.NumberOfPages;
                var copies = (parse.GetValue(pages) + perCopy - 1) / perCopy;
                var merged = UglyToad.PdfPig.Writer.PdfMerger.Merge(Enumerable.Repeat(bytes, copies).ToList(), null);
                var file = Path.Combine(Path.GetTempPath(), $"policysearch-long-{Guid.NewGuid():N}.pdf");
                File.WriteAllBytes(file, merged);
                try
                {
                    // Read in a process of its own, so that its peak memory is the reading's alone.
                    using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, SelfArguments($"bench-formats --read \"{file}\""))
                    {
                        RedirectStandardOutput = true,
                        // The heap a 2-core server's ingest gets: past it, the reading fails here rather than there.
                        Environment = { ["DOTNET_GCHeapHardLimit"] = "0x20000000" },
                    })!;
                    Console.Write(child.StandardOutput.ReadToEnd());
                    child.WaitForExit();
                }
                finally
                {
                    File.Delete(file);
                }
            }
            var rows = new Dictionary<string, (int Files, int Pages, double Seconds)>();
            foreach (var file in files)
            {
                var clock = Stopwatch.StartNew();
                var outcome = DocumentReader.Read(file, Path.GetFileName(file));
                var seconds = clock.Elapsed.TotalSeconds;
                if (outcome.Document?.Extracted is not { } extracted)
                {
                    Console.WriteLine($"{Path.GetFileName(file)}: skipped ({outcome.SkipReason})");
                    continue;
                }
                var kind = extracted.Ocr ? "pdf (OCR)" : Path.GetExtension(file).TrimStart('.').ToLowerInvariant();
                var count = extracted.Paged ? extracted.Pages.Count : Math.Max(1, outcome.Document.Text.Length / 1000);
                var (f, p, s) = rows.GetValueOrDefault(kind);
                rows[kind] = (f + 1, p + count, s + seconds);
            }
            Console.WriteLine($"{"format",-10}{"files",6}{"pages",7}{"seconds",9}{"pages/s",9}   (docx: 1000 characters count as a page)");
            foreach (var (kind, (f, p, s)) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind,-10}{f,6}{p,7}{s,9:F2}{p / Math.Max(s, 1e-9),9:F1}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>This program's own command line for a child process: started as `dotnet policysearch.dll`, the dll comes first.</summary>
    private static string SelfArguments(string arguments) =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? $"\"{System.Reflection.Assembly.GetEntryAssembly()!.Location}\" {arguments}"
            : arguments;
}
