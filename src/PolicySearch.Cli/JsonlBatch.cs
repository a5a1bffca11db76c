using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicySearch.Retrieval;

namespace PolicySearch.Cli;

/// <summary>
/// A --batch file: JSONL, one request per line. Each good line is handed on with its id; a bad line (not JSON, or
/// missing the required field) is named on stderr and answered with an error line, and the other lines still run.
/// </summary>
public static class JsonlBatch
{
    public static int Run(string file, string requiredField, Func<string, JsonObject, string, object> handle)
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
            var value = item?[requiredField]?.ToString();
            if (string.IsNullOrWhiteSpace(value))
            {
                failures++;
                if (item is not null) Console.Error.WriteLine($"{file}:{lineNumber}: missing \"{requiredField}\"");
                Console.WriteLine(JsonSerializer.Serialize(new { id, error = $"missing or invalid {requiredField}" }, CliHost.Json));
                continue;
            }
            Console.WriteLine(JsonSerializer.Serialize(handle(id, item!, value), CliHost.Json));
        }
        return failures == 0 ? 0 : 1;
    }

    public static int? Int(JsonObject item, string key) => item[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    /// <summary>A line's earlier turns, `history`: [{"question","answer"}], oldest first (none: an empty list).</summary>
    public static IReadOnlyList<PolicySearch.Answering.Turn> History(JsonObject item) =>
        item["history"] is JsonArray turns
            ? turns.OfType<JsonObject>().Where(t => t["question"] is JsonValue)
                .Select(t => new PolicySearch.Answering.Turn(t["question"]!.ToString(), t["answer"]?.ToString())).ToList()
            : [];

    public static SearchFilters Filters(JsonObject item) =>
        new(Int(item, "year"), Int(item, "from"), Int(item, "to"), item["agency"]?.ToString(), item["type"]?.ToString(),
            item["status"]?.ToString(), item["docNumber"]?.ToString());
}

/// <summary>The filter options search and ask share.</summary>
public sealed class FilterOptions
{
    public Option<int?> Year { get; } = new("--year") { Description = "Only documents of this year" };
    public Option<int?> From { get; } = new("--from") { Description = "Only documents from this year on" };
    public Option<int?> To { get; } = new("--to") { Description = "Only documents up to this year" };
    public Option<string?> Agency { get; } = new("--agency") { Description = "Only documents whose agency contains this text" };
    public Option<string?> Type { get; } = new("--type") { Description = "Only documents of this type (news, policy, work_conference, …)" };
    public Option<string?> Status { get; } = new("--status") { Description = "Only documents with this status as of Lifecycle:AsOf (现行有效, 已失效, 已废止, 尚未施行)" };
    public Option<string?> DocNumber { get; } = new("--doc-number") { Description = "Only the document with this 发文字号 (any brackets; the organ's code may be left out)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Year);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Agency);
        command.Options.Add(Type);
        command.Options.Add(Status);
        command.Options.Add(DocNumber);
    }

    public SearchFilters Read(ParseResult parse) =>
        new(parse.GetValue(Year), parse.GetValue(From), parse.GetValue(To), parse.GetValue(Agency), parse.GetValue(Type),
            parse.GetValue(Status), parse.GetValue(DocNumber));
}
