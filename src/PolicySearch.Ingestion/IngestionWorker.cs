using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Embeddings;

namespace PolicySearch.Ingestion;

/// <summary>
/// Ingests the seeds folder when the host starts, then again whenever files in it change (debounced), and on a
/// slow periodic rescan in case a change notification was missed.
/// </summary>
public sealed class IngestionWorker(
    IngestionPipeline pipeline,
    PolicyIndex index,
    EmbeddingService embeddings,
    IOptions<PathsOptions> paths,
    IOptions<IngestionOptions> options,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>True once the first ingest has finished (or failed): the index can be searched.</summary>
    public bool FirstRunDone { get; private set; }

    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = paths.Value.SeedsFullPath;
        using var watcher = options.Value.WatchSeeds ? CreateWatcher(folder) : null;
        if (options.Value.RunOnStartup) await IngestOnce(folder, stoppingToken);
        FirstRunDone = true;

        var rescan = options.Value.RescanMinutes > 0 ? TimeSpan.FromMinutes(options.Value.RescanMinutes) : Timeout.InfiniteTimeSpan;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _changed.WaitAsync(rescan, stoppingToken);
                // Let a burst of changes (a folder copy) settle into one run.
                await Task.Delay(TimeSpan.FromSeconds(options.Value.DebounceSeconds), stoppingToken);
                while (_changed.CurrentCount > 0) await _changed.WaitAsync(stoppingToken);
                await IngestOnce(folder, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>An ingest now (an administrator's request), after any run in progress.</summary>
    public async Task<IngestionSummary> IngestNowAsync(CancellationToken ct)
    {
        IngestionSummary summary;
        try
        {
            summary = await pipeline.RunAsync(paths.Value.SeedsFullPath, null, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LastError = ex.Message;
            throw;
        }
        LastError = null;
        // Queries after an ingest should not pay for loading passages from disk: fill the ranking caches now.
        var loaded = await Task.Run(() => index.WarmCaches(embeddings.IsReady ? embeddings.ModelId : null), ct);
        logger.LogInformation("Ranking caches hold {Passages} passages", loaded);
        return summary;
    }

    private async Task IngestOnce(string folder, CancellationToken ct)
    {
        try
        {
            await IngestNowAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // IngestNowAsync has recorded it in LastError, for /health.
            logger.LogError(ex, "Ingest of {Folder} failed: {Message}", folder, ex.Message);
        }
    }

    private FileSystemWatcher? CreateWatcher(string folder)
    {
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("The seeds folder {Folder} does not exist; nothing to watch.", folder);
            return null;
        }
        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        FileSystemEventHandler onChange = (_, _) => _changed.Release();
        watcher.Created += onChange;
        watcher.Changed += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, _) => _changed.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
