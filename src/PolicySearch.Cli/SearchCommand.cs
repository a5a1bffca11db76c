using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Retrieval;
using Spectre.Console;

namespace PolicySearch.Cli;

public static class SearchCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var query = new Argument<string?>("query") { Description = "What to look for, in plain Chinese", Arity = ArgumentArity.ZeroOrOne };
        var batch = new Option<string?>("--batch") { Description = "JSONL file, one {\"id\",\"query\",…} per line; one JSON line out per line in" };
        var year = new Option<int?>("--year") { Description = "Only documents of this year" };
        var from = new Option<int?>("--from") { Description = "Only documents from this year on" };
        var to = new Option<int?>("--to") { Description = "Only documents up to this year" };
        var agency = new Option<string?>("--agency") { Description = "Only documents whose agency contains this text" };
        var type = new Option<string?>("--type") { Description = "Only documents of this type (news, policy, work_conference, …)" };
        var top = new Option<int>("--top") { Description = "How many passages", DefaultValueFactory = _ => 10 };
        var mode = new Option<string?>("--mode") { Description = "bm25, dense or hybrid (default: the best measured)" };
        var json = new Option<bool>("--json") { Description = "Print JSON on stdout" };
        var command = new Command("search", "Ranked passages for a query") { query, batch, CommonOptions.Index, year, from, to, agency, type, top, mode, json };
        command.SetAction(parse =>
        {
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index));
            var searcher = services.GetRequiredService<PassageSearcher>();
            var topN = parse.GetValue(top);
            if (topN is < 1 or > 1000) return Fail("--top must be between 1 and 1000");
            try
            {
                if (parse.GetValue(batch) is { } file) return RunBatch(searcher, file, topN, parse.GetValue(mode));
                var text = parse.GetValue(query);
                if (string.IsNullOrWhiteSpace(text)) return Fail("give a QUERY or --batch FILE");
                var filters = new SearchFilters(parse.GetValue(year), parse.GetValue(from), parse.GetValue(to), parse.GetValue(agency), parse.GetValue(type));
                var response = searcher.Search(new SearchRequest(text, filters, topN), parse.GetValue(mode));
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(new { results = response.Results, mode = response.Mode }, CliHost.Json));
                else Print(text, response);
                return 0;
            }
            catch (SearchModeUnavailableException ex)
            {
                return Fail(ex.Message);
            }
        });
        return command;
    }

    private static int RunBatch(PassageSearcher searcher, string file, int defaultTop, string? mode)
    {
        if (!File.Exists(file)) return Fail($"batch file {file} does not exist");
        var lineNumber = 0;
        var failures = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject? item;
            try
            {
                item = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException ex)
            {
                item = null;
                Console.Error.WriteLine($"{file}:{lineNumber}: not valid JSON ({ex.Message})");
            }
            var id = item?["id"]?.ToString() ?? $"line{lineNumber}";
            var text = item?["query"]?.ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                failures++;
                if (item is not null) Console.Error.WriteLine($"{file}:{lineNumber}: missing \"query\"");
                Console.WriteLine(JsonSerializer.Serialize(new { id, error = "missing or invalid query", results = Array.Empty<object>() }, CliHost.Json));
                continue;
            }
            var filters = new SearchFilters(Int(item!, "year"), Int(item!, "from"), Int(item!, "to"), item!["agency"]?.ToString(), item!["type"]?.ToString());
            var response = searcher.Search(new SearchRequest(text, filters, Int(item!, "top") ?? defaultTop), mode);
            Console.WriteLine(JsonSerializer.Serialize(new { id, results = response.Results, mode = response.Mode }, CliHost.Json));
        }
        return failures == 0 ? 0 : 1;
    }

    private static int? Int(JsonObject item, string key) =>
        item[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    private static void Print(string query, SearchResponse response)
    {
        var console = AnsiConsole.Console;
        console.MarkupLine($"[bold]{Markup.Escape(query)}[/]: {response.Total} passages ({response.Mode})");
        foreach (var hit in response.Results)
        {
            var snippet = hit.Highlight.Replace("<mark>", "[[").Replace("</mark>", "]]");
            snippet = System.Net.WebUtility.HtmlDecode(snippet);
            console.WriteLine();
            console.MarkupLine($"[bold]{hit.Rank}.[/] {Markup.Escape(hit.Title)}  [grey]{Markup.Escape(hit.Agency)} {hit.Date} {Markup.Escape(hit.File)} score {hit.Score:F2}[/]");
            console.WriteLine("   " + snippet.Replace("\n", " "));
        }
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }
}
