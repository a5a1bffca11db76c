using Microsoft.AspNetCore.Http.HttpResults;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

public sealed record HealthReport(
    string Status,
    IndexStatistics? Index,
    bool FirstIngestDone,
    string? LastIngestError,
    IngestionSummary? LastIngest,
    string? EmbeddingModel,
    IReadOnlyList<string> SearchModes,
    string DefaultSearchMode,
    ProcessReport Process);

/// <summary>The server process's memory, for watching a long run (a soak) from outside.</summary>
public sealed record ProcessReport(double WorkingSetMiB, double ManagedHeapMiB, double UptimeSeconds);

public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Probes must answer whatever the request budget: they do no searching.
        var group = app.MapGroup("/health").WithTags("Health");
        group.DisableRequestTimeout();
        group.MapGet("/", Health).WithSummary("200 with index statistics once the first ingest is committed (status ok, or degraded with the last ingest's error); 503 before, or when a failed ingest left nothing to search");
        return group;
    }

    public static Results<Ok<HealthReport>, JsonHttpResult<HealthReport>> Health(PolicyIndex index, IngestionWorker worker, IngestionPipeline pipeline, PassageSearcher searcher)
    {
        // Statistics read every source-file record: read them once per request.
        var stats = index.Exists ? index.GetStatistics() : null;
        // Ready once the first ingest has committed everything it found. A failed ingest leaves the server degraded:
        // still answering from what the index holds, 503 only when it holds nothing.
        var status = !worker.FirstRunDone ? "starting" : worker.LastError is not null ? "degraded" : stats is null ? "starting" : "ok";
        var ready = status == "ok" || status == "degraded" && stats is { Documents: > 0 };
        // The last ingest's file lists name files of every group: only for callers who see everything, once some are restricted.
        var summary = PolicySearch.Retrieval.Access.AccessScope.Current.All || !index.Exists || !index.HasRestrictedDocuments ? pipeline.LastSummary : null;
        var report = new HealthReport(
            status,
            stats,
            worker.FirstRunDone,
            worker.LastError,
            summary,
            index.Exists ? index.CommittedEmbeddingModel : null,
            searcher.AvailableModes,
            searcher.DefaultMode,
            new ProcessReport(
                Math.Round(Environment.WorkingSet / 1048576.0, 1),
                Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1),
                Math.Round((DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalSeconds)));
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
