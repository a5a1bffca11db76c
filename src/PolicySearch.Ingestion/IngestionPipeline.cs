using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Access;
using PolicySearch.Retrieval.Embeddings;

namespace PolicySearch.Ingestion;

/// <summary>
/// Brings the index up to date with a folder: new and changed files are (re)indexed, files gone are removed,
/// republished copies are folded into their original. Each batch of whole documents is one commit, so a run
/// killed half-way leaves an index that the next run completes.
/// </summary>
public sealed class IngestionPipeline(
    PolicyIndex index,
    IOptions<IngestionOptions> options,
    ILogger<IngestionPipeline>? logger = null,
    EmbeddingService? embeddings = null,
    IOptions<AccessOptions>? access = null)
{
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);
    private readonly ILogger _logger = logger ?? NullLogger<IngestionPipeline>.Instance;

    public IngestionSummary? LastSummary { get; private set; }

    /// <summary>A run that rewrites at least 1/20 of the documents is a bulk run, merged into one segment after.</summary>
    private const int BulkShareDivisor = 20;

    public const string RemovedReason = "removed by an administrator (indexed again when the file changes)";

    /// <summary>
    /// Takes a document out of the index (an administrator's action). Its files stay on disk and are remembered as
    /// removed, so a rescan does not bring the document back unless a file changes. False when there is no such document.
    /// </summary>
    public async Task<bool> RemoveDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            return Guarded(() =>
            {
                index.OpenForWriting();
                var records = index.GetSourceFiles().Where(r => r.DocumentId == documentId).ToList();
                if (records.Count == 0) return false;
                foreach (var record in records)
                {
                    index.WriteSourceFile(record with { Role = SourceFileRecord.RoleRemoved, DocumentId = null, SkipReason = RemovedReason });
                }
                index.DeleteDocument(documentId);
                index.Commit();
                index.MergeSegments(all: false);
                _logger.LogInformation("Document {DocumentId} ({Files}) removed from the index", documentId, string.Join(", ", records.Select(r => r.File)));
                return true;
            });
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    public static string DocumentIdFor(string relativeFile) => PolicyIndex.DocumentIdFor(relativeFile);

    public async Task<IngestionSummary> RunAsync(string sourceFolder, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            var summary = await Task.Run(() => Run(sourceFolder, progress, cancellationToken), cancellationToken);
            LastSummary = summary;
            PolicySearchMetrics.IngestFinished(summary.Added + summary.Updated, summary.Seconds);
            return summary;
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    private sealed class Entry(string file, string fullPath)
    {
        public string File { get; } = file;

        /// <summary>Where the file is read from: its path, or the target of a link allowed inside the folder.</summary>
        public string FullPath { get; } = fullPath;
        public string Hash { get; set; } = "";
        public string Date { get; set; } = "";
        public ulong[] Signature { get; set; } = [];
        public bool DeclaresCopy { get; set; }
        public IReadOnlyList<string> Facts { get; set; } = [];

        /// <summary>Who may see it (empty: public), and whether its 附注 says it is not for the public.</summary>
        public IReadOnlyList<string> Groups { get; set; } = [];
        public bool MarkedInternal { get; set; }
        public bool AccessChanged => Stored is not null && !Stored.Groups.SequenceEqual(Groups, StringComparer.Ordinal);
        public ParsedDocument? Parsed { get; set; }
        public SourceFileRecord? Stored { get; set; }
        public bool Changed => Stored is null || Stored.ContentHash != Hash || Stored.Role == SourceFileRecord.RoleSkipped;
    }

    private IngestionSummary Run(string sourceFolder, IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        var root = Path.GetFullPath(sourceFolder);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The source folder {root} does not exist.");
        return Guarded(() => Ingest(root, progress, ct));
    }

    /// <summary>
    /// A write that fails (read-only folder, full disk) becomes an <see cref="IndexWriteException"/>; what was
    /// written since the last commit is dropped, so the next run starts from a whole index.
    /// </summary>
    private T Guarded<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception ex) when (IndexWriteException.IsWriteFailure(ex))
        {
            try
            {
                index.Rollback();
            }
            catch (Exception rollback) when (IndexWriteException.IsWriteFailure(rollback))
            {
                _logger.LogWarning("Rolling back the failed write also failed: {Message}", rollback.Message);
            }
            throw new IndexWriteException(index.IndexPath, ex);
        }
    }

    private IngestionSummary Ingest(string root, IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // Read before anything is written: a malformed access.json stops the run, never makes everything public.
        var rules = AccessRules.Load(root);
        var internalGroup = access?.Value.InternalGroup ?? new AccessOptions().InternalGroup;
        index.OpenForWriting();
        // A document id is unique to a file path, so stored records are keyed by file.
        var stored = index.GetSourceFiles().ToDictionary(f => f.File, StringComparer.Ordinal);
        var files = SourceFolder.Enumerate(root, options.Value.FollowLinksInsideFolder);
        var skipped = files.Where(f => f.SkipReason is not null).Select(f => new SkippedFile(f.RelativePath, f.SkipReason!)).ToList();
        files = files.Where(f => f.SkipReason is null).ToList();
        var excluded = new List<SkippedFile>();
        var entries = new List<Entry>();

        // 1. Hash every file; read what is new or changed.
        for (var i = 0; i < files.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var relative = files[i].RelativePath;
            progress?.Report(new IngestionProgress("reading", i, files.Count, relative));
            var (bytes, reason) = DocumentReader.ReadBytes(files[i].FullPath!);
            var previous = stored.GetValueOrDefault(relative);
            if (bytes is null)
            {
                skipped.Add(new SkippedFile(relative, reason!));
                continue;
            }
            var entry = new Entry(relative, files[i].FullPath!) { Hash = DocumentReader.HashOf(bytes), Stored = previous };
            if (previous is { Role: SourceFileRecord.RoleRemoved } && previous.ContentHash == entry.Hash)
            {
                excluded.Add(new SkippedFile(relative, RemovedReason));
                continue;
            }
            if (!entry.Changed)
            {
                entry.Date = previous!.Date;
                entry.Signature = previous.Signature;
                entry.DeclaresCopy = previous.DeclaresCopy;
                entry.Facts = previous.Facts ?? [];
                entry.MarkedInternal = previous.MarkedInternal;
                entry.Groups = GroupsOf(rules, relative, entry.MarkedInternal, internalGroup);
                entries.Add(entry);
                continue;
            }
            var outcome = DocumentReader.Parse(bytes, relative);
            if (outcome.Document is null)
            {
                skipped.Add(new SkippedFile(relative, outcome.SkipReason!));
                continue;
            }
            entry.Parsed = outcome.Document;
            entry.Date = outcome.Document.Metadata.Date;
            entry.Signature = outcome.Document.Signature;
            entry.DeclaresCopy = outcome.Document.DeclaresCopy;
            entry.Facts = outcome.Document.Facts;
            entry.MarkedInternal = AccessRules.MarksInternal(outcome.Document.Gongwen.Disclosure);
            entry.Groups = GroupsOf(rules, relative, entry.MarkedInternal, internalGroup);
            entries.Add(entry);
        }
        progress?.Report(new IngestionProgress("reading", files.Count, files.Count, null));

        var readTime = clock.Elapsed;

        // 2. Fold republished copies into their originals.
        var clusters = Cluster(entries);
        var clusterTime = clock.Elapsed - readTime;
        var folded = new List<FoldedCopy>();

        // 3. Work out which documents must be (re)written and which are gone.
        var present = new HashSet<string>(entries.Select(e => e.File).Concat(skipped.Select(s => s.File)).Concat(excluded.Select(s => s.File)), StringComparer.Ordinal);
        var removedFiles = stored.Values.Where(r => !present.Contains(r.File)).ToList();
        var removedDocIds = removedFiles.Where(r => r.DocumentId is not null).Select(r => r.DocumentId!).ToHashSet();
        var desiredIds = new HashSet<string>();
        var work = new List<(List<Entry> Members, string DocumentId)>();
        int added = 0, updated = 0, unchanged = 0, accessChanged = 0;
        foreach (var cluster in clusters)
        {
            var primary = cluster[0];
            var id = DocumentIdFor(primary.File);
            desiredIds.Add(id);
            foreach (var copy in cluster.Skip(1))
            {
                folded.Add(new FoldedCopy(copy.File, primary.File, NearDuplicateDetector.Similarity(copy.Signature, primary.Signature)));
            }
            var stale = cluster.Any(e => e.Changed || e.Stored!.DocumentId != id ||
                e.Stored.Role != (e == primary ? SourceFileRecord.RolePrimary : SourceFileRecord.RoleAlternate)) || removedDocIds.Contains(id);
            if (!stale)
            {
                unchanged += cluster.Count;
                // Who may see it changed (access.json was edited): only its records change, the file is not read again.
                foreach (var e in cluster.Where(e => e.AccessChanged))
                {
                    index.WriteSourceFile(e.Stored! with { Groups = e.Groups, MarkedInternal = e.MarkedInternal });
                    accessChanged++;
                }
                continue;
            }
            work.Add((cluster, id));
            foreach (var e in cluster)
            {
                if (e.Stored is null || e.Stored.Role == SourceFileRecord.RoleSkipped) added++;
                else if (e.Changed) updated++;
                else unchanged++;
            }
        }

        // 4. Embeddings: the local model is (re)fitted when the corpus changed enough; a model other than the one the
        //    index's vectors come from means every document is written again, so vectors of two models never mix.
        // A document that was public and is no longer must leave the local model's vocabulary: refit without it.
        var hidden = entries.Any(e => e.Stored is { Groups.Count: 0, Role: SourceFileRecord.RolePrimary } && e.Groups.Count > 0);
        progress?.Report(new IngestionProgress("fitting", 0, 1, null));
        var modelId = PrepareEmbeddings(entries, clusters, work, hidden);
        progress?.Report(new IngestionProgress("fitting", 1, 1, null));
        if (modelId != index.CommittedEmbeddingModel && modelId is not null)
        {
            var queued = work.Select(w => w.DocumentId).ToHashSet();
            foreach (var cluster in clusters)
            {
                var id = DocumentIdFor(cluster[0].File);
                if (queued.Add(id)) work.Add((cluster, id));
            }
            _logger.LogInformation("Embedding model {Model}: every document's vectors are (re)computed", modelId);
        }
        index.PendingEmbeddingModel = modelId;

        // 5. Write, a batch of whole documents per commit.
        var writeStart = clock.Elapsed;
        long characters = 0;
        var passages = 0;
        var done = 0;
        // Analysis (SmartCn above all) is the cost; IndexWriter takes documents from several threads at once.
        var threads = options.Value.IndexingThreads > 0 ? options.Value.IndexingThreads : Environment.ProcessorCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct };
        foreach (var chunk in work.Chunk(options.Value.CommitBatchSize))
        {
            Parallel.ForEach(chunk, parallel, item =>
            {
                var (chars, count) = WriteDocument(item.Members, item.DocumentId, desiredIds, modelId);
                Interlocked.Add(ref characters, chars);
                Interlocked.Add(ref passages, count);
                progress?.Report(new IngestionProgress("indexing", Interlocked.Increment(ref done), work.Count, item.Members[0].File));
            });
            index.Commit();
        }

        // 6. Forget what is gone, and remember what was skipped (so it is not read again until it changes).
        foreach (var id in removedDocIds.Where(id => !desiredIds.Contains(id))) index.DeleteDocument(id);
        foreach (var record in removedFiles) index.DeleteSourceFile(record.File);
        foreach (var skip in skipped)
        {
            if (stored.TryGetValue(skip.File, out var old) && old.DocumentId is { } oldId && !desiredIds.Contains(oldId)) index.DeleteDocument(oldId);
            index.WriteSourceFile(new SourceFileRecord(skip.File, "", null, SourceFileRecord.RoleSkipped, "", [], skip.Reason));
        }
        index.Commit();
        progress?.Report(new IngestionProgress("indexing", work.Count, work.Count, null));
        progress?.Report(new IngestionProgress("merging", 0, 1, null));
        if (work.Count > 0 || removedFiles.Count > 0 || skipped.Count > 0)
        {
            // A bulk run (a first ingest, a model change, a large update) ends with one segment; a few files do not.
            index.MergeSegments(all: work.Count >= Math.Max(1, clusters.Count / BulkShareDivisor));
        }
        progress?.Report(new IngestionProgress("merging", 1, 1, null));

        var summary = new IngestionSummary(added, updated, unchanged, removedFiles.Count(r => r.Role is not (SourceFileRecord.RoleSkipped or SourceFileRecord.RoleRemoved)),
            [.. skipped, .. excluded], folded, characters, passages, clock.Elapsed.TotalSeconds, readTime.TotalSeconds, clusterTime.TotalSeconds,
            (clock.Elapsed - writeStart).TotalSeconds)
        {
            Restricted = entries.Count(e => e.Groups.Count > 0),
            AccessChanged = accessChanged,
            InternalByNote = entries.Where(e => e.MarkedInternal && rules.GroupsOf(e.File).Count == 0)
                .Select(e => new InternalFile(e.File, internalGroup)).ToList(),
        };
        _logger.LogInformation(
            "Ingest of {Folder}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Skipped} skipped in {Elapsed:F1}s " +
            "(reading {Read:F1}s, folding copies {Cluster:F1}s, indexing {Write:F1}s)",
            root, summary.Added, summary.Updated, summary.Unchanged, summary.Removed, skipped.Count, clock.Elapsed.TotalSeconds,
            readTime.TotalSeconds, clusterTime.TotalSeconds, (clock.Elapsed - writeStart).TotalSeconds);
        foreach (var skip in skipped) _logger.LogWarning("Skipped {File}: {Reason}", skip.File, skip.Reason);
        foreach (var note in summary.InternalByNote)
        {
            _logger.LogWarning("{File} says it is not for the public (附注) and no access.json rule covers it: visible only to group {Group}", note.File, note.Group);
        }
        return summary;
    }

    /// <summary>Writes one document (its original and its copies' records); returns its characters and passages.</summary>
    private (long Characters, int Passages) WriteDocument(List<Entry> members, string id, HashSet<string> desiredIds, string? modelId)
    {
        foreach (var e in members)
        {
            e.Parsed ??= DocumentReader.Read(e.FullPath, e.File).Document;
            if (e.Stored?.DocumentId is { } oldId && oldId != id && !desiredIds.Contains(oldId)) index.DeleteDocument(oldId);
        }
        var primary = members[0].Parsed;
        if (primary is null) return (0, 0); // the file changed under us; the next run picks it up
        var document = new IndexedDocument(
            id,
            primary.File,
            primary.Metadata.Title,
            primary.Metadata.Agency,
            primary.Metadata.Date,
            primary.Metadata.Year,
            primary.Metadata.DocType,
            primary.Text,
            primary.Passages,
            members.Skip(1).Where(m => m.Parsed is not null)
                .Select(m => new AlternateSource(m.File, m.Parsed!.Metadata.Title, m.Parsed.Metadata.Agency, m.Parsed.Metadata.Date))
                .ToList(),
            PlaceGazetteer.OfDocument(primary.Metadata.Title, primary.Metadata.Agency, primary.Text).Order().ToList())
        {
            Ocr = primary.Extracted?.Ocr == true,
            Gongwen = primary.Gongwen,
        };
        var vectors = modelId is null || embeddings is null
            ? null
            : embeddings.EmbedAsync(primary.Passages.Select(p => EmbeddingText(document, p)).ToList()).GetAwaiter().GetResult();
        index.WriteDocument(document, vectors, modelId);
        for (var m = 0; m < members.Count; m++)
        {
            var e = members[m];
            index.WriteSourceFile(new SourceFileRecord(e.File, e.Hash, id,
                m == 0 ? SourceFileRecord.RolePrimary : SourceFileRecord.RoleAlternate, e.Date, e.Signature, null, e.DeclaresCopy, e.Facts)
            {
                Groups = e.Groups,
                MarkedInternal = e.MarkedInternal,
            });
        }
        return (primary.Text.Length, primary.Passages.Count);
    }

    /// <summary>What a passage's vector is computed from: its document's title, its heading and its text.</summary>
    public static string EmbeddingText(IndexedDocument document, Passage passage) =>
        document.Title + "\n" + (passage.Heading.Length > 0 && !passage.Text.StartsWith(passage.Heading, StringComparison.Ordinal) ? passage.Heading + "\n" : "") + passage.Text;

    /// <summary>Readies the embedding model for this run; null when there is none (provider none, or too little text yet).</summary>
    /// <remarks>
    /// The local model learns only from public documents: its vocabulary and directions serve every caller, so
    /// nothing of an internal document's text may shape what anonymous callers are ranked by.
    /// </remarks>
    private string? PrepareEmbeddings(List<Entry> entries, List<List<Entry>> clusters, List<(List<Entry> Members, string DocumentId)> work, bool refit)
    {
        if (embeddings is not { Enabled: true }) return null;
        var publicDocuments = clusters.Where(c => c[0].Groups.Count == 0).Select(c => DocumentIdFor(c[0].File)).ToHashSet();
        var newPassages = work.Where(w => publicDocuments.Contains(w.DocumentId)).Sum(w => w.Members[0].Parsed?.Passages.Count ?? 0);
        int estimate;
        using (AccessScope.Enter(AccessScope.Public)) estimate = (index.Exists ? index.GetStatistics().Passages : 0) + newPassages;
        embeddings.PrepareForCorpus(() =>
        {
            var texts = new List<string>(index.Exists ? index.AllPassageTexts(publicDocuments) : []);
            texts.AddRange(entries.Where(e => e.Parsed is not null && e.Groups.Count == 0)
                .SelectMany(e => e.Parsed!.Passages.Select(p => e.Parsed.Metadata.Title + "\n" + p.Text)));
            return texts;
        }, estimate, refit);
        return embeddings.IsReady ? embeddings.ModelId : null;
    }

    /// <summary>
    /// Groups republished copies with their originals; each group's first entry is its original. Files are taken in
    /// the order originals are chosen: one that does not say it is a copy before one that does (a forum post, a
    /// mirror), the original already indexed before a newcomer, then the earliest date, then the name. A file joins
    /// the original it matches best, directly (never through a third file), and only if the two state no figure or
    /// date differently; otherwise it is an original itself. Candidates come from locality-sensitive hashing of the
    /// MinHash signatures (texts that agree on a whole band of rows share a bucket), so the work grows with the
    /// number of files, not its square; each candidate is then checked on the full signature.
    /// </summary>
    private List<List<Entry>> Cluster(List<Entry> entries)
    {
        const int rows = 4;
        var ordered = entries
            .OrderBy(e => e.DeclaresCopy ? 1 : 0)
            .ThenBy(e => e.Stored is { Role: SourceFileRecord.RolePrimary } ? 0 : 1)
            .ThenBy(e => e.Date.Length == 0 ? 1 : 0)
            .ThenBy(e => e.Date, StringComparer.Ordinal)
            .ThenBy(e => e.File, StringComparer.Ordinal)
            .ToList();
        var clusters = new List<List<Entry>>();
        var buckets = new Dictionary<(int Band, ulong Hash), List<int>>();
        foreach (var entry in ordered)
        {
            var signature = entry.Signature;
            var bands = signature.Length == NearDuplicateDetector.SignatureSize ? BandKeys(signature, rows) : [];
            var best = -1;
            var bestSimilarity = NearDuplicateDetector.Threshold;
            foreach (var key in bands)
            {
                if (!buckets.TryGetValue(key, out var originals)) continue;
                foreach (var c in originals)
                {
                    var similarity = NearDuplicateDetector.Similarity(signature, clusters[c][0].Signature);
                    if (similarity < bestSimilarity || (similarity == bestSimilarity && best >= 0)) continue;
                    // A copy is folded only into an original that the same people may see.
                    if (!entry.Groups.SequenceEqual(clusters[c][0].Groups, StringComparer.Ordinal)) continue;
                    if (NearDuplicateDetector.ConflictingFact(entry.Facts, clusters[c][0].Facts) is { } conflict)
                    {
                        _logger.LogInformation("{File} is not folded into {Original} though their texts are {Similarity:P0} alike: {Conflict}",
                            entry.File, clusters[c][0].File, similarity, conflict);
                        continue;
                    }
                    (best, bestSimilarity) = (c, similarity);
                }
            }
            if (best >= 0)
            {
                clusters[best].Add(entry);
                continue;
            }
            clusters.Add([entry]);
            foreach (var key in bands)
            {
                if (!buckets.TryGetValue(key, out var originals)) buckets[key] = originals = [];
                if (originals.Count < 64) originals.Add(clusters.Count - 1);
            }
        }
        // In the order of their files' names, whatever the order originals were chosen in: documents are written, and
        // the local embedding model is fitted, in the same order on every run.
        return clusters.OrderBy(c => c.Select(e => e.File).Min(StringComparer.Ordinal), StringComparer.Ordinal).ToList();
    }

    /// <summary>A file's groups: the rules' for its path; none matching and marked internal: the internal group.</summary>
    private static IReadOnlyList<string> GroupsOf(AccessRules rules, string relativePath, bool markedInternal, string internalGroup)
    {
        var groups = rules.GroupsOf(relativePath);
        return groups.Count == 0 && markedInternal ? [internalGroup] : groups;
    }

    private static IEnumerable<(int Band, ulong Hash)> BandKeys(ulong[] signature, int rows)
    {
        for (var band = 0; band < signature.Length / rows; band++)
        {
            var hash = 1469598103934665603UL;
            for (var r = 0; r < rows; r++) hash = (hash ^ signature[band * rows + r]) * 1099511628211UL;
            yield return (band, hash);
        }
    }
}
