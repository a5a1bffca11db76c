using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

public static class AskCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var question = new Argument<string?>("question") { Description = "The question, in plain Chinese", Arity = ArgumentArity.ZeroOrOne };
        var batch = new Option<string?>("--batch") { Description = "JSONL file, one {\"id\",\"question\",…filters} per line; one JSON answer line out per line in" };
        var year = new Option<int?>("--year") { Description = "Only documents of this year" };
        var from = new Option<int?>("--from") { Description = "Only documents from this year on" };
        var to = new Option<int?>("--to") { Description = "Only documents up to this year" };
        var agency = new Option<string?>("--agency") { Description = "Only documents whose agency contains this text" };
        var type = new Option<string?>("--type") { Description = "Only documents of this type" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("ask", "An answer with citations") { question, batch, CommonOptions.Index, year, from, to, agency, type, json };
        command.SetAction(parse =>
        {
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index));
            var answerer = services.GetRequiredService<ExtractiveAnswerer>();
            if (parse.GetValue(batch) is { } file) return RunBatch(answerer, file);
            var text = parse.GetValue(question);
            if (string.IsNullOrWhiteSpace(text)) return SearchCommand.Fail("give a QUESTION or --batch FILE");
            var filters = new SearchFilters(parse.GetValue(year), parse.GetValue(from), parse.GetValue(to), parse.GetValue(agency), parse.GetValue(type));
            var answer = answerer.Ask(new AskRequest(text, filters));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, CliHost.Json));
                return 0;
            }
            Console.WriteLine(answer.AnswerText);
            foreach (var c in answer.Citations)
            {
                Console.WriteLine($"  [{c.N}] {c.Title}（{c.Date}，{c.File}，第{c.Start}–{c.End}字）");
            }
            Console.Error.WriteLine($"({answer.Mode})");
            return 0;
        });
        return command;
    }

    private static int RunBatch(ExtractiveAnswerer answerer, string file)
    {
        if (!File.Exists(file)) return SearchCommand.Fail($"batch file {file} does not exist");
        var lineNumber = 0;
        var failures = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject? item = null;
            try
            {
                item = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException ex)
            {
                Console.Error.WriteLine($"{file}:{lineNumber}: not valid JSON ({ex.Message})");
            }
            var id = item?["id"]?.ToString() ?? $"line{lineNumber}";
            var text = item?["question"]?.ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                failures++;
                if (item is not null) Console.Error.WriteLine($"{file}:{lineNumber}: missing \"question\"");
                Console.WriteLine(JsonSerializer.Serialize(new { id, error = "missing or invalid question" }, CliHost.Json));
                continue;
            }
            int? Int(string key) => item![key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
            var answer = answerer.Ask(new AskRequest(text, new SearchFilters(Int("year"), Int("from"), Int("to"), item!["agency"]?.ToString(), item!["type"]?.ToString())));
            var node = JsonSerializer.SerializeToNode(answer, CliHost.Json)!.AsObject();
            node.Insert(0, "id", id);
            Console.WriteLine(node.ToJsonString(CliHost.Json));
        }
        return failures == 0 ? 0 : 1;
    }
}
