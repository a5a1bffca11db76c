using System.CommandLine;
using System.Text.Json;
using PolicySearch.Ingestion;

namespace PolicySearch.Cli;

/// <summary>Shows what ingestion makes of files: metadata, passages and the cleaned text, without touching the index.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Files to read", Arity = ArgumentArity.OneOrMore };
        var text = new Option<bool>("--text") { Description = "Also print the cleaned text" };
        var json = new Option<bool>("--json") { Description = "One JSON line per file" };
        var command = new Command("inspect", "Show the metadata, passages and cleaned text ingestion extracts from files") { files, text, json };
        command.SetAction(parse =>
        {
            foreach (var file in parse.GetValue(files)!)
            {
                var outcome = DocumentReader.Read(file, Path.GetFileName(file));
                if (parse.GetValue(json))
                {
                    var d = outcome.Document;
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        file = Path.GetFileName(file),
                        skipped = outcome.SkipReason,
                        metadata = d?.Metadata,
                        encoding = d?.Encoding,
                        passages = d?.Passages.Count,
                        pages = d?.Extracted is { Paged: true } x ? x.Pages.Count : (int?)null,
                        tables = d?.Extracted?.Tables,
                        ocr = d?.Extracted is { Ocr: true } ? true : (bool?)null,
                        ocrConfidence = d?.Extracted?.OcrConfidence,
                        gongwen = d is null || d.Gongwen.IsEmpty ? null : d.Gongwen,
                        text = parse.GetValue(text) ? d?.Text : null,
                    }, CliHost.Json));
                    continue;
                }
                Console.WriteLine($"== {file}");
                if (outcome.Document is not { } doc)
                {
                    Console.WriteLine($"skipped: {outcome.SkipReason}");
                    continue;
                }
                var m = doc.Metadata;
                Console.WriteLine($"title: {m.Title}\nagency: {m.Agency}\ndate: {m.Date} (year {m.Year})\ntype: {m.DocType}\nencoding: {doc.Encoding}\npassages: {doc.Passages.Count}");
                var g = doc.Gongwen;
                foreach (var (label, value) in new[] { ("docNumber", g.DocNumber), ("issuer", g.Issuer), ("recipients", g.Recipients), ("writtenDate", g.WrittenDate),
                             ("effectiveDate", g.EffectiveDate), ("expiryDate", g.ExpiryDate), ("stated status", g.StatedStatus), ("disclosure", g.Disclosure),
                             ("replaces", g.Replaces.Count > 0 ? string.Join("; ", g.Replaces) : null) })
                {
                    if (value is not null) Console.WriteLine($"{label}: {value}");
                }
                if (doc.Extracted is { } e)
                {
                    Console.WriteLine($"extracted: {(e.Paged ? $"{e.Pages.Count} pages, " : "")}{e.Tables} tables{(e.Ocr ? $", OCR (mean confidence {e.OcrConfidence})" : "")}");
                }
                if (parse.GetValue(text))
                {
                    // Paged sources show where each page begins.
                    var breaks = doc.Passages.Where(p => p.Page is not null).ToList();
                    Console.WriteLine(doc.Text);
                    if (breaks.Count > 0) Console.WriteLine(string.Join("\n", breaks.Select(p => $"passage {p.Ordinal}: page {p.Page}")));
                }
            }
            return 0;
        });
        return command;
    }
}
