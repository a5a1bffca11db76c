using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using Spectre.Console;

namespace PolicySearch.Cli;

public static class IngestCommand
{
    public static Command Create(Dictionary<string, string?> overrides)
    {
        var source = new Option<string?>("--source") { Description = "Folder of documents (default: Paths:Seeds, i.e. seeds/)" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON on stdout" };
        var command = new Command("ingest", "Bring the index up to date with the documents folder") { source, CommonOptions.Index, json };
        command.SetAction(async (parse, ct) =>
        {
            using var services = CliHost.Build(overrides, parse.GetValue(CommonOptions.Index), parse.GetValue(source));
            var folder = services.GetRequiredService<IOptions<PathsOptions>>().Value.SeedsFullPath;
            try
            {
                // Opening the index may already fail (a folder that cannot be created): inside the try, for exit code 4.
                var pipeline = services.GetRequiredService<IngestionPipeline>();
                var summary = await RunWithProgress(pipeline, folder, ct);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(summary, CliHost.Json));
                else PrintSummary(summary, folder, services.GetRequiredService<PolicyIndex>().IndexPath);
                return 0;
            }
            catch (IndexLockedException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 3;
            }
            catch (DirectoryNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }
            catch (IndexWriteException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 4;
            }
            catch (Exception ex) when (IndexWriteException.IsWriteFailure(ex))
            {
                await Console.Error.WriteLineAsync($"error: the index could not be written: {ex.Message}");
                return 4;
            }
        });
        return command;
    }

    private static async Task<IngestionSummary> RunWithProgress(IngestionPipeline pipeline, string folder, CancellationToken ct)
    {
        if (Console.IsErrorRedirected) return await pipeline.RunAsync(folder, null, ct);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        IngestionSummary? summary = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                // One bar per stage, each filling as its own work goes.
                var stages = new Dictionary<string, ProgressTask>
                {
                    ["reading"] = context.AddTask("reading files"),
                    ["fitting"] = context.AddTask("embedding model", autoStart: false),
                    ["indexing"] = context.AddTask("indexing", autoStart: false),
                    ["merging"] = context.AddTask("merging segments", autoStart: false),
                };
                var progress = new Progress<IngestionProgress>(p =>
                {
                    if (!stages.TryGetValue(p.Stage, out var task)) return;
                    if (!task.IsStarted) task.StartTask();
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Total == 0 ? 1 : p.Done;
                });
                summary = await pipeline.RunAsync(folder, progress, ct);
                foreach (var task in stages.Values)
                {
                    task.StartTask();
                    task.Value = task.MaxValue;
                }
            });
        return summary!;
    }

    private static void PrintSummary(IngestionSummary s, string folder, string index)
    {
        Console.WriteLine($"Ingested {folder} into {index} in {s.Seconds:F1}s " +
            $"(reading {s.ReadingSeconds:F1}s, folding copies {s.FoldingSeconds:F1}s, indexing {s.IndexingSeconds:F1}s)");
        Console.WriteLine($"added: {s.Added}, updated: {s.Updated}, unchanged: {s.Unchanged}, removed: {s.Removed}, skipped: {s.Skipped.Count}");
        foreach (var f in s.Folded) Console.WriteLine($"  folded: {f.File} is a republished copy of {f.Original} (similarity {f.Similarity:F2})");
        foreach (var k in s.Skipped) Console.WriteLine($"  skipped: {k.File}: {k.Reason}");
        if (s.Restricted > 0 || s.AccessChanged > 0) Console.WriteLine($"restricted to some groups (access.json): {s.Restricted} files; visibility changed: {s.AccessChanged}");
        foreach (var f in s.InternalByNote) Console.WriteLine($"  internal: {f.File} says 此件不公开/内部资料 and no rule covers it: visible to group {f.Group} only");
    }
}

public static class CommonOptions
{
    public static readonly Option<string?> Index = new("--index") { Description = "Index folder (default: Paths:Index, i.e. index/)" };
}
