using System.Diagnostics.Metrics;

namespace PolicySearch.Retrieval;

/// <summary>PolicySearch's own metrics (exported by the API with OpenTelemetry; a Prometheus scrape at /metrics).</summary>
public static class PolicySearchMetrics
{
    public const string MeterName = "PolicySearch";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Searches = Meter.CreateCounter<long>("policysearch.searches", description: "Searches run, by mode");
    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>("policysearch.search.duration", "ms", "Time to rank passages for a query");
    public static readonly Histogram<double> SearchStageDuration = Meter.CreateHistogram<double>("policysearch.search.stage.duration", "ms", "Time of each stage of a search: keyword, dense, rerank, highlight");

    public static void RecordStage(string stage, long startedTimestamp) =>
        SearchStageDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));

    public static readonly Counter<long> IngestRuns = Meter.CreateCounter<long>("policysearch.ingest.runs", description: "Ingest runs finished");
    public static readonly Counter<long> DocumentsIngested = Meter.CreateCounter<long>("policysearch.ingest.documents", description: "Documents added or updated by ingest");
    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>("policysearch.ingest.duration", "s", "Time of an ingest run");
}
