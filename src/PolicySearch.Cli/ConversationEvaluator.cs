using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

/// <summary>
/// eval --conversations: each conversation's turns asked in order, each with the earlier turns and the answers the
/// system gave them as history (as a chat front end sends them), and scored as ordinary questions. First turns and
/// later turns are reported apart, and the later turns asked without history beside them: what history adds.
/// </summary>
public static class ConversationEvaluator
{
    public const string First = "first turn", Later = "later turn", Alone = "later, no history";

    public static int Run(string file, Dictionary<string, string?> overrides, string? indexFolder, bool json, string? detailsFile)
    {
        if (!File.Exists(file)) return SearchCommand.Fail($"conversation file {file} does not exist");
        using var services = CliHost.Build(overrides, indexFolder);
        var index = services.GetRequiredService<PolicyIndex>();
        if (!index.Exists) return SearchCommand.Fail($"no index at {index.IndexPath}: run ingest first");
        var answerer = services.GetRequiredService<AnswerService>();
        var turns = new List<EvalQuestion>();
        var answers = new Dictionary<string, Answer>();
        foreach (var line in File.ReadLines(file).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var conversation = JsonNode.Parse(line)!.AsObject();
            var history = new List<Turn>();
            var list = conversation["turns"]!.AsArray();
            for (var i = 0; i < list.Count; i++)
            {
                var turn = list[i]!.AsObject().DeepClone().AsObject();
                turn["id"] = $"{conversation["id"]}#{i + 1}";
                turn["type"] = i == 0 ? First : Later;
                var q = EvalQuestion.Parse(turn);
                var answer = answerer.AskAsync(new AskRequest(q.Question, new SearchFilters()) { History = history.ToList() }).GetAwaiter().GetResult();
                turns.Add(q);
                answers[q.Id] = answer;
                if (i > 0)
                {
                    var alone = q with { Id = q.Id + " alone", Type = Alone };
                    turns.Add(alone);
                    answers[alone.Id] = answerer.AskAsync(new AskRequest(q.Question, new SearchFilters())).GetAwaiter().GetResult();
                }
                history.Add(new Turn(q.Question, answer.Abstained ? null : answer.AnswerText));
            }
        }
        var details = new List<JsonObject>();
        var metrics = new AnswerEvaluator(index, new RetrievalEvaluator(index)).Evaluate(turns, q => answers[q.Id], (q, answer, score) => details.Add(new JsonObject
        {
            ["id"] = q.Id, ["type"] = q.Type, ["question"] = q.Question, ["resolvedQuestion"] = answer.ResolvedQuestion,
            ["answer"] = answer.AnswerText, ["abstained"] = answer.Abstained, ["hit"] = score.Hit, ["supported"] = score.Supported,
        }));
        if (detailsFile is not null) File.WriteAllLines(detailsFile, details.Select(d => d.ToJsonString(CliHost.Json)));
        if (json) Console.WriteLine(JsonSerializer.Serialize(new { file = Path.GetFileName(file), answers = metrics }, CliHost.Json));
        else Console.Write(EvalCommand.RenderAnswers(metrics));
        return 0;
    }
}
