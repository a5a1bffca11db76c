namespace PolicySearch.Ingestion;

public sealed record SkippedFile(string File, string Reason);

public sealed record FoldedCopy(string File, string Original, double Similarity);

public sealed record IngestionSummary(
    int Added,
    int Updated,
    int Unchanged,
    int Removed,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<FoldedCopy> Folded,
    long CharactersIndexed,
    int PassagesIndexed,
    double Seconds,
    double ReadingSeconds,
    double FoldingSeconds,
    double IndexingSeconds);

public sealed record IngestionProgress(string Stage, int Done, int Total, string? File);
