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

    private static long _ingestRuns;
    private static long _documentsIngested;

    // Observed when scraped, so a run that finished before the exporter started listening (the start-up ingest) still counts.
    private static readonly ObservableCounter<long> IngestRuns =
        Meter.CreateObservableCounter("policysearch.ingest.runs", () => Interlocked.Read(ref _ingestRuns), description: "Ingest runs finished");
    private static readonly ObservableCounter<long> DocumentsIngested =
        Meter.CreateObservableCounter("policysearch.ingest.documents", () => Interlocked.Read(ref _documentsIngested), description: "Documents added or updated by ingest");

    public static void IngestFinished(int documents, double seconds)
    {
        Interlocked.Increment(ref _ingestRuns);
        Interlocked.Add(ref _documentsIngested, documents);
        IngestDuration.Record(seconds);
    }
    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>("policysearch.ingest.duration", "s", "Time of an ingest run");
}
