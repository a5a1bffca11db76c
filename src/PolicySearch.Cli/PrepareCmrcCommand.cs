using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicySearch.Cli;

/// <summary>
/// Lays out CMRC 2018 for the open-domain setting of ../shared/bench/cmrc2018/README.md: every paragraph of dev and
/// trial as `{id}.txt` (title, blank line, paragraph), and the dev questions as a question file for `eval`.
/// </summary>
public static class PrepareCmrcCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder with cmrc2018_dev.json and cmrc2018_trial.json", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder: corpus/ and qa-dev.jsonl are written there", Required = true };
        var command = new Command("prepare-cmrc", "Write CMRC 2018 as a corpus folder and a question file") { data, output };
        command.SetAction(parse =>
        {
            var dataDir = parse.GetValue(data)!;
            var outDir = parse.GetValue(output)!;
            var corpus = Path.Combine(outDir, "corpus");
            Directory.CreateDirectory(corpus);
            var paragraphs = 0;
            using var qa = new StreamWriter(Path.Combine(outDir, "qa-dev.jsonl"));
            foreach (var name in new[] { "cmrc2018_dev.json", "cmrc2018_trial.json" })
            {
                var path = Path.Combine(dataDir, name);
                if (!File.Exists(path)) return SearchCommand.Fail($"{path} does not exist");
                var root = JsonNode.Parse(File.ReadAllText(path))!;
                foreach (var article in root["data"]!.AsArray())
                {
                    var title = article!["title"]?.ToString() ?? "";
                    foreach (var paragraph in article["paragraphs"]!.AsArray())
                    {
                        var id = paragraph!["id"]!.ToString();
                        File.WriteAllText(Path.Combine(corpus, id + ".txt"), title + "\n\n" + paragraph["context"]!.ToString());
                        paragraphs++;
                        if (name != "cmrc2018_dev.json") continue;
                        foreach (var q in paragraph["qas"]!.AsArray())
                        {
                            var answers = q!["answers"]!.AsArray().Select(a => a!["text"]!.ToString()).Distinct().ToArray();
                            qa.WriteLine(JsonSerializer.Serialize(new
                            {
                                id = q["id"]!.ToString(),
                                question = q["question"]!.ToString(),
                                type = "cmrc",
                                gold_docs = new[] { id + ".txt" },
                                answers,
                            }, CliHost.Json));
                        }
                    }
                }
            }
            Console.Error.WriteLine($"wrote {paragraphs} paragraphs to {corpus} and the dev questions to {Path.Combine(outDir, "qa-dev.jsonl")}");
            return 0;
        });
        return command;
    }
}
