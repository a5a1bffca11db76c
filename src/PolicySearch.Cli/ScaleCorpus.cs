using System.Text;
using System.Text.Json.Nodes;
using PolicySearch.Ingestion;

namespace PolicySearch.Cli;

/// <summary>
/// A synthetic corpus for benchmarks at scale: documents of a few sentences drawn at random (fixed seed) from the CMRC
/// 2018 paragraphs and the seeds, each with a title and a publish date, so that no two are near-duplicates.
/// </summary>
public static class ScaleCorpus
{
    public static void Write(string folder, int passages, string cmrcFolder, string seedsFolder)
    {
        Directory.CreateDirectory(folder);
        var sentences = new List<string>();
        foreach (var file in new[] { "cmrc2018_dev.json", "cmrc2018_trial.json" })
        {
            var path = Path.Combine(cmrcFolder, file);
            if (!File.Exists(path)) continue;
            foreach (var article in JsonNode.Parse(File.ReadAllText(path))!["data"]!.AsArray())
            {
                foreach (var paragraph in article!["paragraphs"]!.AsArray()) sentences.AddRange(Split(paragraph!["context"]!.ToString()));
            }
        }
        foreach (var file in Directory.GetFiles(seedsFolder))
        {
            if (DocumentReader.Read(file, Path.GetFileName(file)).Document is { } doc) sentences.AddRange(Split(doc.Text));
        }
        if (sentences.Count == 0) throw new InvalidOperationException("No sentences to build a corpus from.");
        var random = new Random(42);
        var written = 0;
        var estimated = 0.0;
        while (estimated < passages)
        {
            var body = new StringBuilder();
            var count = random.Next(4, 9);
            for (var i = 0; i < count; i++) body.Append(sentences[random.Next(sentences.Count)]);
            var year = random.Next(2019, 2026);
            var title = sentences[random.Next(sentences.Count)];
            title = title[..Math.Min(24, title.Length)].TrimEnd('。', '，');
            var text = $"{title}\n\n发布时间：{year}-{random.Next(1, 13):00}-{random.Next(1, 29):00}\n\n{body}";
            File.WriteAllText(Path.Combine(folder, $"scale-{written:000000}.txt"), text);
            written++;
            estimated += Math.Max(1, text.Length / 330.0);
        }
        Console.Error.WriteLine($"bench: wrote {written} synthetic documents (about {passages} passages) to {folder}");
    }

    private static IEnumerable<string> Split(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('。' or '！' or '？')) continue;
            var s = text[start..(i + 1)].Trim();
            if (s.Length >= 10) yield return s;
            start = i + 1;
        }
    }
}
