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
    double IndexingSeconds)
{
    /// <summary>Files visible only to some groups (access.json rules, or the internal group).</summary>
    public int Restricted { get; init; }

    /// <summary>Files whose visibility changed without their text changing (access.json edited): not read again.</summary>
    public int AccessChanged { get; init; }

    /// <summary>Files whose 附注 says 此件不公开 / 内部资料 and that no rule covers: kept to the internal group.</summary>
    public IReadOnlyList<InternalFile> InternalByNote { get; init; } = [];
}

public sealed record InternalFile(string File, string Group);

/// <param name="Stage">reading (files hashed and read), fitting (the local embedding model, when it is refitted), indexing (documents analysed and written), merging (segments merged after the last commit).</param>
public sealed record IngestionProgress(string Stage, int Done, int Total, string? File);
