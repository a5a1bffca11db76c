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
        var filters = new FilterOptions();
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var explain = new Option<int>("--explain") { Description = "Also print the reader's N best candidates (order score, probability, passage, text): why the answer is what it is" };
        var command = new Command("ask", "An answer with citations") { question, batch, CommonOptions.Index, json, explain };
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index));
            var answerer = services.GetRequiredService<AnswerService>();
            if (parse.GetValue(batch) is { } file) return RunBatch(answerer, file);
            var text = parse.GetValue(question);
            if (string.IsNullOrWhiteSpace(text)) return SearchCommand.Fail("give a QUESTION or --batch FILE");
            var request = new AskRequest(text, filters.Read(parse));
            var answer = answerer.AskAsync(request).GetAwaiter().GetResult();
            var explained = parse.GetValue(explain) is > 0 and var n ? services.GetRequiredService<ExtractiveAnswerer>().Explain(request, n) : null;
            if (parse.GetValue(json))
            {
                var node = JsonSerializer.SerializeToNode(answer, CliHost.Json)!.AsObject();
                if (explained is not null) node["candidates"] = JsonSerializer.SerializeToNode(explained, CliHost.Json);
                Console.WriteLine(node.ToJsonString(CliHost.Json));
                return 0;
            }
            Console.WriteLine(answer.AnswerText);
            foreach (var c in answer.Citations)
            {
                Console.WriteLine($"  [{c.N}] {c.Title}（{c.Date}，{c.File}，第{c.Start}–{c.End}字）");
            }
            Console.Error.WriteLine(answer.Fallback is null ? $"({answer.Mode})" : $"({answer.Mode}: {answer.Fallback})");
            if (explained is not null)
            {
                Console.WriteLine(explained.Count == 0 ? "(no candidates: no learned reader, or nothing retrieved)" : "  order  prob  passage  candidate");
                foreach (var c in explained)
                {
                    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Order,7:F2} {c.Probability,5:F2}  #{c.PassageRank,-6} {c.Text}"));
                }
            }
            return 0;
        });
        return command;
    }

    private static int RunBatch(AnswerService answerer, string file) =>
        JsonlBatch.Run(file, "question", (id, item, text) =>
        {
            var node = JsonSerializer.SerializeToNode(answerer.AskAsync(new AskRequest(text, JsonlBatch.Filters(item)) { History = JsonlBatch.History(item) }).GetAwaiter().GetResult(), CliHost.Json)!.AsObject();
            node.Insert(0, "id", id);
            return node;
        });
}
