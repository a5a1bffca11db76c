using System.CommandLine;
using System.Text.Json;
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
        var filters = new FilterOptions();
        var top = new Option<int>("--top") { Description = "How many passages", DefaultValueFactory = _ => 10 };
        var mode = new Option<string?>("--mode") { Description = "bm25, dense or hybrid (default: the best measured)" };
        var json = new Option<bool>("--json") { Description = "Print JSON on stdout" };
        var command = new Command("search", "Ranked passages for a query") { query, batch, CommonOptions.Index, top, mode, json };
        filters.AddTo(command);
        command.SetAction(parse =>
        {
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index));
            var searcher = services.GetRequiredService<PassageSearcher>();
            var topN = parse.GetValue(top);
            if (topN is < 1 or > PassageSearcher.MaxResultWindow) return Fail($"--top must be between 1 and {PassageSearcher.MaxResultWindow}");
            try
            {
                if (parse.GetValue(batch) is { } file) return RunBatch(searcher, file, topN, parse.GetValue(mode));
                var text = parse.GetValue(query);
                if (string.IsNullOrWhiteSpace(text)) return Fail("give a QUERY or --batch FILE");
                var response = searcher.Search(new SearchRequest(text, filters.Read(parse), topN) { MeaningfulOnly = true }, parse.GetValue(mode));
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

    private static int RunBatch(PassageSearcher searcher, string file, int defaultTop, string? mode) =>
        JsonlBatch.Run(file, "query", (id, item, text) =>
        {
            var top = Math.Clamp(JsonlBatch.Int(item, "top") ?? defaultTop, 1, PassageSearcher.MaxResultWindow);
            var response = searcher.Search(new SearchRequest(text, JsonlBatch.Filters(item), top) { MeaningfulOnly = true }, mode);
            return new { id, results = response.Results, mode = response.Mode };
        });

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
