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
    string DefaultSearchMode);

public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/", Health).WithSummary("200 with index statistics once the index is open; 503 while the first ingest runs");
        return group;
    }

    public static Results<Ok<HealthReport>, JsonHttpResult<HealthReport>> Health(PolicyIndex index, IngestionWorker worker, IngestionPipeline pipeline, PassageSearcher searcher)
    {
        // Statistics read every source-file record: read them once per request.
        var stats = index.Exists ? index.GetStatistics() : null;
        var ready = stats is not null && (worker.FirstRunDone || stats.Documents > 0);
        var report = new HealthReport(
            ready ? "ok" : "starting",
            stats,
            worker.FirstRunDone,
            worker.LastError,
            pipeline.LastSummary,
            index.Exists ? index.CommittedEmbeddingModel : null,
            searcher.AvailableModes,
            searcher.DefaultMode);
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
