using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

/// <summary>
/// Random bytes and mangled real documents in every supported format (fixed seed): the ingest always finishes,
/// and every file is either indexed or skipped with a reason; nothing else is lost.
/// </summary>
public sealed class IngestFuzzTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_RandomAndMangledFilesInEveryFormat_EachIndexedOrSkippedWithAReason()
    {
        var source = _temp.Sub("seeds");
        var random = new Random(4096);
        var originals = new[] { "a02-qd-2019-h1-summary-gb18030.txt", "a03-qd-2019-summary-2020-plan.html", "a04-qd-2020-h1-ocean-economy.md", "b08-forum-repost-reform-cases.txt" }
            .Select(f => File.ReadAllBytes(TestPaths.SeedFile(f)))
            .ToList();
        var extensions = DocumentReader.SupportedExtensions.ToArray();
        var files = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            byte[] bytes;
            var original = originals[random.Next(originals.Count)];
            switch (i % 6)
            {
                case 0: // noise
                    bytes = new byte[random.Next(0, 20000)];
                    random.NextBytes(bytes);
                    break;
                case 1: // a real document cut anywhere (mid-character, mid-tag)
                    bytes = original[..random.Next(original.Length)];
                    break;
                case 2: // a real document with bytes flipped
                    bytes = (byte[])original.Clone();
                    for (var k = 0; k < 50; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 3: // markup gone wrong: unclosed, nested, binary
                    bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(1, 3000)).Select(_ => random.Next(4) switch
                    {
                        0 => "<div><p>",
                        1 => "海洋发展",
                        2 => "<script>" + new string('x', random.Next(50)),
                        _ => "&#" + random.Next(0, 1_200_000) + ";",
                    })));
                    break;
                case 4: // byte-order marks and NULs before real text
                    bytes = [.. new byte[] { 0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0x00, 0x00 }, .. original];
                    break;
                default: // one very long line
                    bytes = System.Text.Encoding.UTF8.GetBytes(new string('海', random.Next(1, 200_000)));
                    break;
            }
            var name = $"fuzz-{i:D2}{extensions[i % extensions.Length]}";
            File.WriteAllBytes(Path.Combine(source, name), bytes);
            files.Add(name);
        }

        using var index = new PolicyIndex(_temp.Sub("index"));
        var pipeline = new IngestionPipeline(index, Options.Create(new IngestionOptions()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var summary = await pipeline.RunAsync(source, null, timeout.Token);

        var records = index.GetSourceFiles().ToDictionary(r => r.File);
        Assert.All(files, f =>
        {
            Assert.True(records.TryGetValue(f, out var record), $"{f} has no record");
            if (record!.Role == SourceFileRecord.RoleSkipped) Assert.False(string.IsNullOrWhiteSpace(record.SkipReason), $"{f} skipped without a reason");
            else Assert.Contains(record.Role, new[] { SourceFileRecord.RolePrimary, SourceFileRecord.RoleAlternate });
        });
        Assert.Equal(files.Count, summary.Added + summary.Skipped.Count);
        // Every indexed document's passages are exact spans of its text.
        foreach (var record in records.Values.Where(r => r.Role == SourceFileRecord.RolePrimary))
        {
            var view = index.GetDocument(record.DocumentId!)!;
            Assert.All(view.Passages, p => Assert.InRange(p.End, p.Start, view.Text.Length));
        }
    }
}
