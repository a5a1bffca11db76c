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
        var command = new Command("ask", "An answer with citations") { question, batch, CommonOptions.Index, json };
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index));
            var answerer = services.GetRequiredService<AnswerService>();
            if (parse.GetValue(batch) is { } file) return RunBatch(answerer, file);
            var text = parse.GetValue(question);
            if (string.IsNullOrWhiteSpace(text)) return SearchCommand.Fail("give a QUESTION or --batch FILE");
            var answer = answerer.AskAsync(new AskRequest(text, filters.Read(parse))).GetAwaiter().GetResult();
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
            Console.Error.WriteLine(answer.Fallback is null ? $"({answer.Mode})" : $"({answer.Mode}: {answer.Fallback})");
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
