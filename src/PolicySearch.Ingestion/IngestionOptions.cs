using System.ComponentModel.DataAnnotations;

namespace PolicySearch.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Ingest when the API starts.</summary>
    public bool RunOnStartup { get; set; } = true;

    /// <summary>Watch the seeds folder and ingest changes while running.</summary>
    public bool WatchSeeds { get; set; } = true;

    /// <summary>Quiet time after the last change before an ingest runs, so a copy of many files is one run.</summary>
    [Range(0, 600)] public double DebounceSeconds { get; set; } = 2;

    /// <summary>A full rescan even without file events (watchers can miss changes on network shares); 0 turns it off.</summary>
    [Range(0, 1440)] public double RescanMinutes { get; set; } = 10;

    /// <summary>Documents per commit: a run killed half-way keeps every committed batch whole.</summary>
    [Range(1, 10000)] public int CommitBatchSize { get; set; } = 64;

    /// <summary>
    /// Index symbolic links whose target is a regular file inside the documents folder. Off by default: a link is
    /// then skipped with that reason. Links to folders and links leading out of the folder are never followed.
    /// </summary>
    public bool FollowLinksInsideFolder { get; set; }

    /// <summary>
    /// Threads that analyse documents while indexing; 0 means all cores for the command line and half of them (at
    /// least one) in the API, so that searches keep a core while an ingest runs.
    /// </summary>
    [Range(0, 256)] public int IndexingThreads { get; set; }
}
