using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Answering;
using PolicySearch.Retrieval;
using Spectre.Console;

namespace PolicySearch.Cli;

/// <summary>compare: the same question answered separately for each year, side by side (single or --batch).</summary>
public static class CompareCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var question = new Argument<string?>("question") { Description = "The question, without its years (they come from --years)", Arity = ArgumentArity.ZeroOrOne };
        var years = new Option<string?>("--years") { Description = "Years to compare, e.g. 2022,2023,2024 or 2021-2024" };
        var batch = new Option<string?>("--batch") { Description = "File with one question per line, or JSONL {\"id\",\"question\",\"years\":[…]} (a line's years override --years)" };
        var output = new Option<string?>("--out") { Description = "Write the result to this file instead of stdout" };
        var format = new Option<string?>("--format") { Description = "table, md, csv (UTF-8 with BOM) or json; default: from --out's extension, else table" };
        var chart = new Option<string?>("--chart") { Description = "Also draw the figures across the years as an SVG file (single question)" };
        var agency = new Option<string?>("--agency") { Description = "Only documents whose agency contains this text" };
        var type = new Option<string?>("--type") { Description = "Only documents of this type" };
        var command = new Command("compare", "The same question answered for each year, side by side, with figures")
        {
            question, years, batch, output, format, chart, agency, type, CommonOptions.Index,
        };
        command.SetAction(parse =>
        {
            var outFile = parse.GetValue(output);
            var chosen = (parse.GetValue(format) ?? FormatOf(outFile)).ToLowerInvariant();
            if (!ComparisonFormats.Names.Contains(chosen)) return SearchCommand.Fail($"--format must be one of {string.Join(", ", ComparisonFormats.Names)}");
            int[]? defaultYears = null;
            if (parse.GetValue(years) is { } yearsText)
            {
                if (!TryParseYears(yearsText, out defaultYears, out var error)) return SearchCommand.Fail($"--years: {error}");
            }
            var filters = new SearchFilters(Agency: parse.GetValue(agency), DocType: parse.GetValue(type));
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index));
            var comparer = services.GetRequiredService<YearComparer>();
            if (parse.GetValue(batch) is { } file)
            {
                if (parse.GetValue(chart) is not null) return SearchCommand.Fail("--chart draws a single question; leave it out with --batch");
                return RunBatch(comparer, file, defaultYears, filters, chosen, outFile);
            }
            var text = parse.GetValue(question);
            if (string.IsNullOrWhiteSpace(text)) return SearchCommand.Fail("give a QUESTION or --batch FILE");
            defaultYears ??= QuestionYears.Of(text).ToArray();
            if (defaultYears.Length == 0) return SearchCommand.Fail("give the years to compare with --years, e.g. --years 2022,2023,2024");
            var comparison = comparer.CompareAsync(new CompareRequest(text, defaultYears, filters)).GetAwaiter().GetResult();
            Write(chosen, outFile, [("", comparison)], withId: false);
            if (parse.GetValue(chart) is { } svgFile)
            {
                File.WriteAllText(svgFile, ComparisonChart.Svg(comparison), new UTF8Encoding(false));
                Console.Error.WriteLine($"chart written to {svgFile}");
            }
            return 0;
        });
        return command;
    }

    private static string FormatOf(string? file) => Path.GetExtension(file ?? "").ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".md" => "md",
        ".json" or ".jsonl" => "json",
        _ => "table",
    };

    public static bool TryParseYears(string text, out int[] years, out string error)
    {
        var list = new SortedSet<int>();
        years = [];
        foreach (var part in text.Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-', 2);
            if (!int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from) ||
                (range.Length == 2 && !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                error = $"'{part}' is not a year";
                return false;
            }
            var to = range.Length == 2 ? int.Parse(range[1], CultureInfo.InvariantCulture) : from;
            if (from is < 1900 or > 2100 || to is < 1900 or > 2100) { error = $"{part} is out of range (1900–2100)"; return false; }
            if (to < from || to - from >= YearComparer.MaxYears) { error = $"{part} is not a range of at most {YearComparer.MaxYears} years"; return false; }
            for (var y = from; y <= to; y++) list.Add(y);
        }
        if (list.Count == 0) { error = "no years given"; return false; }
        if (list.Count > YearComparer.MaxYears) { error = $"at most {YearComparer.MaxYears} years"; return false; }
        years = list.ToArray();
        error = "";
        return true;
    }

    private sealed record BatchLine(int Line, string Id, string Question, int[] Years);

    private static int RunBatch(YearComparer comparer, string file, int[]? defaultYears, SearchFilters filters, string format, string? outFile)
    {
        if (!File.Exists(file)) return SearchCommand.Fail($"batch file {file} does not exist");
        var (lines, errors) = ReadBatch(file, defaultYears);
        foreach (var error in errors) Console.Error.WriteLine(error);
        if (lines.Count == 0) return SearchCommand.Fail(errors.Count == 0 ? $"{file} has no questions" : $"{file} has no usable questions");
        var results = new List<(string Id, Comparison Comparison)>();
        void RunAll(Action<BatchLine> done)
        {
            foreach (var line in lines)
            {
                results.Add((line.Id, comparer.CompareAsync(new CompareRequest(line.Question, line.Years, filters)).GetAwaiter().GetResult()));
                done(line);
            }
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        var progress = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!Console.IsErrorRedirected)
        {
            progress.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("compare", maxValue: lines.Count);
                RunAll(_ => task.Increment(1));
            });
        }
        else
        {
            RunAll(line => { if (line.Line % 10 == 0) Console.Error.WriteLine($"compared {results.Count}/{lines.Count}"); });
        }
        Write(format, outFile, results, withId: true);
        Console.Error.WriteLine($"{results.Count} questions × years compared in {started.Elapsed.TotalSeconds:F1} s" +
                                (errors.Count > 0 ? $"; {errors.Count} lines not run (see above)" : "") +
                                (outFile is null ? "" : $"; written to {outFile}"));
        return errors.Count == 0 ? 0 : 1;
    }

    private static (List<BatchLine> Lines, List<string> Errors) ReadBatch(string file, int[]? defaultYears)
    {
        var lines = new List<BatchLine>();
        var errors = new List<string>();
        var number = 0;
        foreach (var raw in File.ReadLines(file))
        {
            number++;
            var text = raw.Trim().TrimStart('\uFEFF');
            if (text.Length == 0) continue;
            string id = $"line{number}", question;
            int[]? years = defaultYears;
            if (text.StartsWith('{'))
            {
                JsonObject? item;
                try { item = JsonNode.Parse(text) as JsonObject; }
                catch (JsonException ex) { errors.Add($"{file}:{number}: not valid JSON ({ex.Message})"); continue; }
                if (item is null) { errors.Add($"{file}:{number}: not a JSON object"); continue; }
                id = item["id"]?.ToString() ?? id;
                question = item["question"]?.ToString() ?? "";
                if (item["years"] is { } node)
                {
                    if (node is not JsonArray array || !array.All(y => y is JsonValue v && v.TryGetValue<int>(out _)))
                    {
                        errors.Add($"{file}:{number}: \"years\" must be a list of years, e.g. [2022, 2023]");
                        continue;
                    }
                    if (!TryParseYears(string.Join(',', array.Select(y => y!.GetValue<int>())), out var own, out var error))
                    {
                        errors.Add($"{file}:{number}: years: {error}");
                        continue;
                    }
                    years = own;
                }
            }
            else
            {
                question = text;
            }
            if (string.IsNullOrWhiteSpace(question)) { errors.Add($"{file}:{number}: no question"); continue; }
            if (question.Length > 500) { errors.Add($"{file}:{number}: the question is longer than 500 characters"); continue; }
            years ??= QuestionYears.Of(question).ToArray() is { Length: > 0 } named ? named : null;
            if (years is null) { errors.Add($"{file}:{number}: no years (give --years or \"years\" on the line)"); continue; }
            lines.Add(new BatchLine(number, id, question, years));
        }
        return (lines, errors);
    }

    private static void Write(string format, string? outFile, IReadOnlyList<(string Id, Comparison Comparison)> results, bool withId)
    {
        var rows = results.SelectMany(r => ComparisonFormats.Rows(r.Id, r.Comparison)).ToList();
        switch (format)
        {
            case "csv":
                var bytes = ComparisonFormats.Csv(rows, withId);
                if (outFile is null) { using var stdout = Console.OpenStandardOutput(); stdout.Write(bytes); }
                else File.WriteAllBytes(outFile, bytes);
                return;
            case "json":
                var json = withId
                    ? string.Concat(results.Select(r => Json(r.Id, r.Comparison) + "\n"))
                    : JsonSerializer.Serialize(results[0].Comparison, CliHost.Json) + "\n";
                WriteText(outFile, json);
                return;
            case "md":
                WriteText(outFile, ComparisonFormats.Markdown(rows, withId));
                return;
            default:
                if (outFile is null)
                {
                    ComparisonFormats.Table(rows, withId, AnsiConsole.Console);
                    return;
                }
                var writer = new StringWriter();
                ComparisonFormats.Table(rows, withId, AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
                }));
                WriteText(outFile, writer.ToString());
                return;
        }
    }

    private static string Json(string id, Comparison comparison)
    {
        var node = JsonSerializer.SerializeToNode(comparison, CliHost.Json)!.AsObject();
        node.Insert(0, "id", id);
        return node.ToJsonString(CliHost.Json);
    }

    private static void WriteText(string? outFile, string text)
    {
        if (outFile is null) Console.Write(text);
        else File.WriteAllText(outFile, text, new UTF8Encoding(false));
    }
}
