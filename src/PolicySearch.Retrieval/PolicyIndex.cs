using System.Text.Json;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval.Access;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PolicySearch.Retrieval;

/// <summary>The index has one door: the analyzers, the single writer, the searcher manager, and query escaping live here.</summary>
public sealed partial class PolicyIndex : IDisposable
{
    /// <summary>Bumped whenever fields or analysis change: an index of another schema is rebuilt from the sources.</summary>
    public const string SchemaVersion = "5";
    private const string SchemaKey = "policysearch.schema";
    private const string CommittedAtKey = "policysearch.committed";
    private const string EmbeddingModelKey = "policysearch.embedding";

    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer = PolicyAnalyzers.CreatePerField();
    private readonly QueryBuilder _queryBuilder;
    private readonly SnippetHighlighter _highlighter;
    private readonly PassageCache _passages = new();
    private readonly SegmentCache<string> _documentTexts = new();
    private readonly VectorCache _vectors = new();
    private readonly KeywordScorer _keywords = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Lucene.Net.Util.FixedBitSet> _passageBits = new();
    private FileStream? _processLock;
    private long _lastRefreshCheck = Environment.TickCount64;
    private readonly System.Threading.Lock _gate = new();
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private bool _disposed;

    static PolicyIndex()
    {
        BooleanQuery.MaxClauseCount = 8192;
    }

    public PolicyIndex(IOptions<PathsOptions> paths, IOptions<RankingOptions> ranking)
        : this(paths.Value.IndexFullPath, ranking.Value.Thesaurus, ranking.Value.KeywordFields, ranking.Value.CommonTermFrequency)
    {
    }

    public PolicyIndex(string indexPath, bool expandSynonyms = false, string keywordFields = "both", float commonTermFrequency = RankingOptions.DefaultCommonTermFrequency)
    {
        IndexPath = Path.GetFullPath(indexPath);
        System.IO.Directory.CreateDirectory(IndexPath);
        _directory = FSDirectory.Open(IndexPath);
        _queryBuilder = new QueryBuilder(_analyzer, expandSynonyms, keywordFields, commonTermFrequency);
        _highlighter = new SnippetHighlighter(_analyzer);
    }

    public string IndexPath { get; }

    /// <summary>Raised after every commit, once searchers see it.</summary>
    public event Action? Committed;

    // ---- writing ----

    /// <summary>Takes the index's write lock (once). Fails with <see cref="IndexLockedException"/> when another process holds it.</summary>
    public void OpenForWriting()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null) return;
            _processLock ??= AcquireProcessLock();
            var config = new IndexWriterConfig(PolicyAnalyzers.Version, _analyzer)
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
                Similarity = new PolicyBm25Similarity(),
                RAMBufferSizeMB = 64,
            };
            try
            {
                _writer = new IndexWriter(_directory, config);
            }
            catch (LockObtainFailedException ex)
            {
                throw new IndexLockedException(IndexPath, ex);
            }
            catch (Exception ex) when (IndexWriteException.IsWriteFailure(ex))
            {
                throw new IndexWriteException(IndexPath, ex);
            }
            if (DirectoryReader.IndexExists(_directory))
            {
                var infos = new SegmentInfos();
                infos.Read(_directory);
                var data = infos.UserData;
                if (!data.TryGetValue(SchemaKey, out var schema) || schema != SchemaVersion)
                {
                    // An index written by another schema cannot be read correctly: empty it (committed at once, so
                    // the ingest that follows sees no stale file records), and the sources refill it.
                    _writer.DeleteAll();
                    _writer.SetCommitData(new Dictionary<string, string> { [SchemaKey] = SchemaVersion });
                    _writer.Commit();
                }
            }
        }
    }

    public bool IsWriting => _writer is not null;

    /// <summary>
    /// One writer per index across processes: an exclusive lock on a file in the index folder (Lucene's own write
    /// lock does not hold between processes on every platform). It dies with the process, so a kill leaves no stale lock.
    /// </summary>
    private FileStream AcquireProcessLock()
    {
        var path = Path.Combine(IndexPath, "policysearch.lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n");
            stream.Write(pid);
            stream.Flush();
            return stream;
        }
        catch (IOException ex)
        {
            throw new IndexLockedException(IndexPath, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IndexWriteException(IndexPath, ex);
        }
    }

    /// <summary>Replaces a document (its passages, their vectors and its record) in the pending commit.</summary>
    public void WriteDocument(IndexedDocument document, float[][]? vectors = null, string? modelId = null)
    {
        var writer = RequireWriter();
        writer.DeleteDocuments(new Term(IndexFields.DocumentId, document.DocumentId));
        var docs = new List<IEnumerable<IIndexableField>>(document.Passages.Count + 1)
        {
            DocumentRecordFields(document),
        };
        for (var i = 0; i < document.Passages.Count; i++)
        {
            var fields = PassageFields(document, document.Passages[i]);
            if (vectors is not null && modelId is not null && i < vectors.Length)
            {
                fields.Add(new BinaryDocValuesField(IndexFields.Vector, new Lucene.Net.Util.BytesRef(Embeddings.VectorMath.ToBytes(vectors[i]))));
                fields.Add(new SortedDocValuesField(IndexFields.VectorModel, new Lucene.Net.Util.BytesRef(modelId)));
            }
            docs.Add(fields);
        }
        writer.AddDocuments(docs);
    }

    /// <summary>The embedding model whose vectors the last commit holds (null before any).</summary>
    public string? CommittedEmbeddingModel
    {
        get
        {
            if (!DirectoryReader.IndexExists(_directory)) return null;
            // A commit may be writing the next segments_N while this reads it (/health during an ingest): that read
            // fails with an IOException (read past EOF), and a moment later the commit is complete.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var infos = new SegmentInfos();
                    infos.Read(_directory);
                    return infos.UserData.TryGetValue(EmbeddingModelKey, out var model) && model.Length > 0 ? model : null;
                }
                catch (IOException) when (attempt < 5)
                {
                    Thread.Sleep(20 * attempt);
                }
            }
        }
    }

    /// <summary>Recorded with the next commit: every passage written from now on carries this model's vectors.</summary>
    public string? PendingEmbeddingModel { get; set; }

    public void DeleteDocument(string documentId) =>
        RequireWriter().DeleteDocuments(new Term(IndexFields.DocumentId, documentId));

    public void WriteSourceFile(SourceFileRecord record)
    {
        var doc = new Document
        {
            new StringField(IndexFields.Kind, IndexFields.KindFile, Field.Store.YES),
            new StringField(IndexFields.FileKey, record.File, Field.Store.YES),
            new StoredField(IndexFields.ContentHash, record.ContentHash),
            new StoredField(IndexFields.FileRole, record.Role),
            new StoredField(IndexFields.Date, record.Date),
            new StoredField(IndexFields.Signature, SignatureBytes(record.Signature)),
        };
        if (record.DocumentId is not null) doc.Add(new StoredField(IndexFields.DocumentId, record.DocumentId));
        if (record.SkipReason is not null) doc.Add(new StoredField(IndexFields.SkipReason, record.SkipReason));
        if (record.DeclaresCopy) doc.Add(new StoredField(IndexFields.DeclaresCopy, 1));
        if (record.Facts is { Count: > 0 } facts) doc.Add(new StoredField(IndexFields.Facts, string.Join('\n', facts)));
        if (record.Groups.Count > 0) doc.Add(new StoredField(IndexFields.Groups, string.Join('\n', record.Groups)));
        if (record.MarkedInternal) doc.Add(new StoredField(IndexFields.MarkedInternal, 1));
        RequireWriter().UpdateDocument(new Term(IndexFields.FileKey, record.File), doc);
    }

    public void DeleteSourceFile(string file) =>
        RequireWriter().DeleteDocuments(new Term(IndexFields.FileKey, file));

    /// <summary>Makes everything written so far durable and visible, in one step.</summary>
    public void Commit()
    {
        var writer = RequireWriter();
        writer.SetCommitData(new Dictionary<string, string>
        {
            [SchemaKey] = SchemaVersion,
            [CommittedAtKey] = DateTimeOffset.UtcNow.ToString("O"),
            [EmbeddingModelKey] = PendingEmbeddingModel ?? CommittedEmbeddingModel ?? "",
        });
        writer.Commit();
        RefreshSearchers();
        Committed?.Invoke();
    }

    /// <summary>
    /// Merges segments and commits. A query looks each of its terms up in every segment, so many small segments (one
    /// or more per ingest commit) multiply its cost. After a bulk ingest everything is merged into one segment; after
    /// a small change only the merge policy's cheap merges run, so one new file does not rewrite a large index.
    /// </summary>
    public void MergeSegments(bool all)
    {
        var writer = RequireWriter();
        // ForceMerge(1) is a no-op when the index is already one segment without deletions.
        if (all) writer.ForceMerge(1);
        else writer.MaybeMerge();
        Commit();
    }

    /// <summary>Discards what was written since the last commit.</summary>
    public void Rollback()
    {
        lock (_gate)
        {
            if (_writer is null) return;
            _writer.Rollback();
            _writer = null;
            _processLock?.Dispose();
            _processLock = null;
        }
    }

    // ---- reading ----

    public IReadOnlyList<SourceFileRecord> GetSourceFiles()
    {
        var records = new List<SourceFileRecord>();
        WithSearcher(searcher =>
        {
            var query = new TermQuery(new Term(IndexFields.Kind, IndexFields.KindFile));
            foreach (var hit in searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs)
            {
                var doc = searcher.Doc(hit.Doc);
                records.Add(new SourceFileRecord(
                    doc.Get(IndexFields.FileKey),
                    doc.Get(IndexFields.ContentHash),
                    doc.Get(IndexFields.DocumentId),
                    doc.Get(IndexFields.FileRole),
                    doc.Get(IndexFields.Date) ?? "",
                    SignatureValues(doc.GetBinaryValue(IndexFields.Signature)),
                    doc.Get(IndexFields.SkipReason),
                    doc.GetField(IndexFields.DeclaresCopy) is not null,
                    doc.Get(IndexFields.Facts)?.Split('\n') ?? [])
                {
                    Groups = doc.Get(IndexFields.Groups)?.Split('\n') ?? [],
                    MarkedInternal = doc.GetField(IndexFields.MarkedInternal) is not null,
                });
            }
        });
        return records;
    }

    /// <summary>The best BM25 candidates for user text under the filters, with everything ranking and display need.</summary>
    public CandidateSet Retrieve(string text, SearchFilters filters, int count)
    {
        // Unfiltered (the usual case): the passages of a segment never change, so their bits are kept per segment.
        var unfiltered = filters == new SearchFilters();
        var filter = new QueryWrapperFilter(QueryBuilder.BuildFilter(filters));
        var result = new CandidateSet(0, []);
        WithSearcher(searcher =>
        {
            var query = _queryBuilder.Build(text);
            if (query is null) return;
            var hidden = Hidden(searcher);
            var (total, top) = _keywords.Search(searcher, query, leaf => Accepted(filter, leaf, unfiltered, hidden), count, hidden?.Statistics!.Value);
            var candidates = top
                .Select(hit => Cached(searcher, hit.Doc) with { Score = hit.Score })
                .ToList();
            result = new CandidateSet(total, candidates);
        });
        return result;
    }

    /// <summary>The documents of a segment that pass the filter (deleted ones are left to the postings, which skip them).</summary>
    /// <remarks>Then less what the caller may not see (<paramref name="hidden"/>), on a copy: the cached bits serve every caller.</remarks>
    private Lucene.Net.Util.FixedBitSet Accepted(Filter filter, AtomicReaderContext leaf, bool cacheable, HiddenDocuments? hidden = null)
    {
        var key = leaf.AtomicReader.CoreCacheKey;
        if (!cacheable || !_passageBits.TryGetValue(key, out var bits))
        {
            bits = new Lucene.Net.Util.FixedBitSet(leaf.AtomicReader.MaxDoc);
            if (filter.GetDocIdSet(leaf, null)?.GetIterator() is { } iterator) bits.Or(iterator);
            if (cacheable) _passageBits.AddOrUpdate(key, bits);
        }
        if (hidden is null) return bits;
        var visible = bits.Clone();
        visible.And(VisibleIn(leaf, hidden));
        return visible;
    }

    /// <summary>
    /// The passages whose vectors (of the given model) are closest to the query vector, under the same filters as
    /// keyword search: an exact scan over cached per-segment vector blocks (see <see cref="VectorScan"/>).
    /// </summary>
    public CandidateSet DenseRetrieve(float[] query, string modelId, SearchFilters filters, int count)
    {
        var result = new CandidateSet(0, []);
        // Unfiltered (the usual case): every live document with a vector is a passage, so no Lucene filter is needed.
        var unfiltered = filters == new SearchFilters();
        var filter = unfiltered ? null : new QueryWrapperFilter(QueryBuilder.BuildFilter(filters));
        WithSearcher(searcher =>
        {
            var hidden = Hidden(searcher);
            var segments = new List<VectorSegment>();
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                if (_vectors.Get(leaf.AtomicReader, modelId) is not { } block || block.Dimensions != query.Length) continue;
                var accepted = filter is not null ? Accepted(filter, leaf, cacheable: false, hidden) : hidden is null ? null : VisibleIn(leaf, hidden);
                segments.Add(new VectorSegment(block, leaf.DocBase, leaf.AtomicReader.LiveDocs, accepted));
            }
            var (considered, ranked) = VectorScan.Best(segments, query, count);
            var candidates = ranked
                .Select(r => Cached(searcher, r.Doc) with { Score = r.Score })
                .ToList();
            result = new CandidateSet(considered, candidates);
        });
        return result;
    }

    /// <summary>
    /// Loads every passage (and its vectors) into the ranking caches, so that the first queries after start-up or
    /// an ingest do not pay for reading stored fields: a server calls this in the background after each commit.
    /// </summary>
    public int WarmCaches(string? modelId)
    {
        var loaded = 0;
        WithSearcher(searcher =>
        {
            var passages = searcher.Search(new TermQuery(new Term(IndexFields.Kind, IndexFields.KindPassage)), Math.Max(1, searcher.IndexReader.MaxDoc));
            foreach (var hit in passages.ScoreDocs)
            {
                Cached(searcher, hit.Doc);
                loaded++;
            }
            DecodedPostingsMemory = _keywords.Warm(searcher, [IndexFields.TextBigrams, IndexFields.TextWords, IndexFields.TitleBigrams, IndexFields.TitleWords]);
            // Anonymous callers are the most: what they may not see, and its share of the statistics, is read now.
            using (AccessScope.Enter(AccessScope.Public)) _ = Hidden(searcher)?.Statistics!.Value;
            if (modelId is null) return;
            foreach (var leaf in searcher.IndexReader.Leaves) _vectors.Get(leaf.AtomicReader, modelId);
        });
        return loaded;
    }

    /// <summary>Bytes of frequent terms' postings kept decoded, as of the last <see cref="WarmCaches"/> (for benchmarks).</summary>
    public long DecodedPostingsMemory { get; private set; }

    /// <summary>Bytes of vectors held in memory for the given model (for benchmarks and /health).</summary>
    public long VectorMemory(string modelId)
    {
        long bytes = 0;
        WithSearcher(searcher =>
        {
            foreach (var leaf in searcher.IndexReader.Leaves) bytes += _vectors.Get(leaf.AtomicReader, modelId)?.Bytes ?? 0;
        });
        return bytes;
    }

    /// <summary>All passage texts in the index (to fit the local embedding model), in index order.</summary>
    /// <param name="documents">Only these documents' passages (null: every document's).</param>
    public IReadOnlyList<string> AllPassageTexts(IReadOnlySet<string>? documents = null)
    {
        var texts = new List<string>();
        WithSearcher(searcher =>
        {
            var query = new TermQuery(new Term(IndexFields.Kind, IndexFields.KindPassage));
            foreach (var hit in searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs)
            {
                var doc = searcher.Doc(hit.Doc);
                if (documents is null || documents.Contains(doc.Get(IndexFields.DocumentId))) texts.Add(doc.Get(IndexFields.Text));
            }
        });
        return texts;
    }

    /// <summary>A snippet of a passage with the query's terms marked (HTML-escaped).</summary>
    public string Highlight(string passageText, string query) => Highlight(passageText, QueryTerms(query));

    public string Highlight(string passageText, HighlightTerms terms) => _highlighter.Highlight(passageText, terms);

    /// <summary>
    /// What results mark of a query (its words, and bigrams only within its words), computed once for highlighting many
    /// passages.
    /// </summary>
    public HighlightTerms QueryTerms(string query) => _queryBuilder.MarkTerms(query);

    /// <summary>The query's units of meaning (<see cref="QueryBuilder.Units"/>), folded.</summary>
    public IReadOnlyList<string> QueryUnits(string query) => _queryBuilder.Units(query).Select(u => u.Text).Distinct().ToList();

    /// <summary>
    /// Just a document's cleaned text (what citations point into), cached per segment: answering reads it to see
    /// which year a statement is about, many times per question.
    /// </summary>
    public string? GetDocumentText(string documentId)
    {
        string? text = null;
        WithSearcher(searcher =>
        {
            if (Hidden(searcher)?.Ids.Contains(documentId) == true) return;
            if (DocumentRecord(searcher, documentId) is { } record)
            {
                text = _documentTexts.Get(searcher, record, d => searcher.Doc(d).Get(IndexFields.Text) ?? "");
            }
        });
        return text;
    }

    /// <summary>The Lucene doc id of a document's record (its metadata and text), if it is in the index.</summary>
    private static int? DocumentRecord(IndexSearcher searcher, string documentId)
    {
        var record = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.DocumentId, documentId)), Occur.MUST },
            { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument)), Occur.MUST },
        };
        var found = searcher.Search(record, 1);
        return found.TotalHits == 0 ? null : found.ScoreDocs[0].Doc;
    }

    /// <summary>A document's id: a digest of its source file's path relative to the documents folder.</summary>
    public static string DocumentIdFor(string relativeFile) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(relativeFile)))[..16];

    /// <summary>
    /// The document with this id or, when the id is a republished copy's (its file folded into an original), the
    /// original with <see cref="DocumentView.RequestedCopy"/> naming the copy: a link to the copy keeps working.
    /// </summary>
    public DocumentView? ResolveDocument(string documentId)
    {
        if (GetDocument(documentId) is { } view) return view;
        var copy = GetSourceFiles().FirstOrDefault(r => r.Role == SourceFileRecord.RoleAlternate && r.DocumentId is not null && DocumentIdFor(r.File) == documentId);
        return copy is null ? null : GetDocument(copy.DocumentId!) is { } original ? original with { RequestedCopy = copy.File } : null;
    }

    public DocumentView? GetDocument(string documentId)
    {
        DocumentView? view = null;
        WithSearcher(searcher =>
        {
            // A document the caller may not see does not exist for them.
            if (Hidden(searcher)?.Ids.Contains(documentId) == true) return;
            if (DocumentRecord(searcher, documentId) is not { } record) return;
            var idTerm = new Term(IndexFields.DocumentId, documentId);
            var doc = searcher.Doc(record);
            var passageQuery = new BooleanQuery
            {
                { new TermQuery(idTerm), Occur.MUST },
                { new TermQuery(new Term(IndexFields.Kind, IndexFields.KindPassage)), Occur.MUST },
            };
            // The record knows how many passages there are: a collector sized to the whole index would be O(index) per call.
            var count = doc.GetField(IndexFields.PassageCount)?.GetInt32Value() ?? 1000;
            var passages = searcher.Search(passageQuery, Math.Max(1, count)).ScoreDocs
                .Select(h => searcher.Doc(h.Doc))
                .Select(p => new PassageSpan(
                    p.Get(IndexFields.PassageId),
                    p.GetField(IndexFields.Ordinal).GetInt32Value() ?? 0,
                    p.GetField(IndexFields.Start).GetInt32Value() ?? 0,
                    p.GetField(IndexFields.End).GetInt32Value() ?? 0) { Page = p.GetField(IndexFields.Page)?.GetInt32Value() })
                .OrderBy(p => p.Ordinal)
                .ToList();
            view = new DocumentView(
                documentId,
                doc.Get(IndexFields.File),
                doc.Get(IndexFields.Title),
                doc.Get(IndexFields.Agency),
                doc.Get(IndexFields.Date),
                doc.GetField(IndexFields.Year).GetInt32Value() ?? 0,
                doc.Get(IndexFields.DocType),
                doc.Get(IndexFields.Text),
                passages,
                JsonSerializer.Deserialize<List<AlternateSource>>(doc.Get(IndexFields.Alternates) ?? "[]") ?? [])
            {
                Ocr = doc.GetField(IndexFields.Ocr) is not null ? true : null,
            };
        });
        return view;
    }

    /// <summary>
    /// Every document's 公文 facts with its title and date, read once per index version (a commit makes a new one):
    /// what statuses and relations are computed from.
    /// </summary>
    public IReadOnlyList<DocumentFactsRecord> AllDocumentFacts()
    {
        IReadOnlyList<DocumentFactsRecord> all = [];
        WithSearcher(searcher =>
        {
            var version = (searcher.IndexReader as DirectoryReader)?.Version ?? -1;
            var cached = _factsCache;
            if (cached is null || cached.Version != version || !ReferenceEquals(cached.Reader, searcher.IndexReader))
            {
                cached = new FactsCache(searcher.IndexReader, version, ReadFacts(searcher));
                _factsCache = cached;
            }
            // Per scope, one list for as long as the index version lasts (what lifecycle snapshots are keyed by).
            var hidden = Hidden(searcher);
            all = hidden is null ? cached.Records : cached.ByScope.GetOrAdd(AccessScope.Current.Key, _ => cached.Records.Where(r => !hidden.Ids.Contains(r.DocumentId)).ToList());
        });
        return all;
    }

    private static List<DocumentFactsRecord> ReadFacts(IndexSearcher searcher)
    {
        var query = new TermQuery(new Term(IndexFields.Kind, IndexFields.KindDocument));
        var hits = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs;
        var records = new List<DocumentFactsRecord>(hits.Length);
        var fields = new HashSet<string> { IndexFields.DocumentId, IndexFields.Title, IndexFields.Date, IndexFields.Gongwen };
        foreach (var hit in hits)
        {
            var doc = searcher.Doc(hit.Doc, fields);
            var json = doc.Get(IndexFields.Gongwen);
            records.Add(new DocumentFactsRecord(doc.Get(IndexFields.DocumentId), doc.Get(IndexFields.Title) ?? "", doc.Get(IndexFields.Date) ?? "",
                json is null ? Lifecycle.GongwenFacts.None : JsonSerializer.Deserialize<Lifecycle.GongwenFacts>(json) ?? Lifecycle.GongwenFacts.None));
        }
        return records;
    }

    private sealed record FactsCache(IndexReader Reader, long Version, IReadOnlyList<DocumentFactsRecord> Records)
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<DocumentFactsRecord>> ByScope { get; } = new(StringComparer.Ordinal);
    }

    private volatile FactsCache? _factsCache;

    public IndexStatistics GetStatistics()
    {
        var stats = new IndexStatistics(0, 0, 0, 0, null);
        WithSearcher(searcher =>
        {
            // Counted as the caller sees them: what they may not see is not counted either.
            var hidden = Hidden(searcher);
            int Count(string kind) => hidden is null
                ? searcher.Search(new TermQuery(new Term(IndexFields.Kind, kind)), 1).TotalHits
                : searcher.Search(new TermQuery(new Term(IndexFields.Kind, kind)), new VisibleFilter(hidden), 1).TotalHits;
            var files = GetSourceFiles();
            var skipped = files.Count(f => f.Role is SourceFileRecord.RoleSkipped or SourceFileRecord.RoleRemoved);
            var reader = (DirectoryReader)searcher.IndexReader;
            reader.IndexCommit.UserData.TryGetValue(CommittedAtKey, out var committed);
            stats = new IndexStatistics(
                Count(IndexFields.KindDocument),
                Count(IndexFields.KindPassage),
                hidden is null ? files.Count : files.Count(f => f.DocumentId is null || !hidden.Ids.Contains(f.DocumentId)),
                skipped,
                committed);
        });
        return stats;
    }

    /// <summary>
    /// For benchmarks: the plainest Lucene search of this same index, the yardstick for our ranking's cost. A
    /// BooleanQuery of the text's words and bigrams (each a SHOULD clause), Lucene's own scorer, the top hits' stored
    /// passages loaded; no filters, no reranking, no vectors, no highlighting. Returns how many hits were loaded.
    /// </summary>
    public int RawLuceneSearch(string text, int top)
    {
        var terms = _queryBuilder.HighlightTerms(text);
        var query = new BooleanQuery();
        foreach (var word in terms.Words) query.Add(new TermQuery(new Term(IndexFields.TextWords, word)), Occur.SHOULD);
        foreach (var bigram in terms.Bigrams) query.Add(new TermQuery(new Term(IndexFields.TextBigrams, bigram)), Occur.SHOULD);
        var loaded = 0;
        if (query.Clauses.Count == 0) return 0;
        WithSearcher(searcher =>
        {
            foreach (var hit in searcher.Search(query, top).ScoreDocs)
            {
                if (searcher.Doc(hit.Doc).Get(IndexFields.Text) is not null) loaded++;
            }
        });
        return loaded;
    }

    /// <summary>True once a committed index exists (possibly empty).</summary>
    public bool Exists => DirectoryReader.IndexExists(_directory);

    private void WithSearcher(Action<IndexSearcher> action)
    {
        var manager = GetSearcherManager();
        if (manager is null) return;
        var searcher = manager.Acquire();
        try
        {
            action(searcher);
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    private SearcherManager? GetSearcherManager()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_searchers is not null)
            {
                // Our own commits refresh at once (Commit); another process's commits are looked for at most once a
                // second, since checking means reading the directory.
                if (Environment.TickCount64 - _lastRefreshCheck > 1000)
                {
                    _lastRefreshCheck = Environment.TickCount64;
                    try
                    {
                        _searchers.MaybeRefresh();
                    }
                    catch (IOException)
                    {
                        // A commit being written right now (its segments file not complete yet): keep searching the
                        // last complete one, and look again on the next check.
                    }
                }
                return _searchers;
            }
            if (!DirectoryReader.IndexExists(_directory)) return null;
            try
            {
                _searchers = new SearcherManager(_directory, new Bm25SearcherFactory());
            }
            catch (IOException)
            {
                // The very first commit is being written: until it is complete there is nothing to search.
                return null;
            }
            return _searchers;
        }
    }

    private void RefreshSearchers()
    {
        lock (_gate)
        {
            if (_searchers is null) _searchers = new SearcherManager(_directory, new Bm25SearcherFactory());
            else _searchers.MaybeRefreshBlocking();
        }
    }

    private IndexWriter RequireWriter() =>
        _writer ?? throw new InvalidOperationException("The index is not open for writing: call OpenForWriting first.");

    /// <summary>A passage for ranking, from the cache, read from stored fields the first time.</summary>
    private PassageCandidate Cached(IndexSearcher searcher, int doc) => _passages.Get(searcher, doc, d => ToCandidate(searcher.Doc(d)));

    private static PassageCandidate ToCandidate(Document doc) => new(
        doc.Get(IndexFields.PassageId),
        doc.Get(IndexFields.DocumentId),
        doc.Get(IndexFields.File),
        doc.Get(IndexFields.Title),
        doc.Get(IndexFields.Agency),
        doc.Get(IndexFields.Date),
        doc.GetField(IndexFields.Year).GetInt32Value() ?? 0,
        doc.Get(IndexFields.DocType),
        doc.GetField(IndexFields.Ordinal).GetInt32Value() ?? 0,
        doc.GetField(IndexFields.Start).GetInt32Value() ?? 0,
        doc.GetField(IndexFields.End).GetInt32Value() ?? 0,
        doc.Get(IndexFields.Text),
        (doc.Get(IndexFields.YearsMentionedStored) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
        (doc.Get(IndexFields.Places) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        0)
    {
        Page = doc.GetField(IndexFields.Page)?.GetInt32Value(),
        PageBreaks = (doc.Get(IndexFields.PageBreaks) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
        Ocr = doc.GetField(IndexFields.Ocr) is not null,
        HeadingPath = (doc.Get(IndexFields.HeadingPath) ?? "").Split('\u001f', StringSplitOptions.RemoveEmptyEntries),
    };

    private static Document DocumentRecordFields(IndexedDocument d)
    {
        var doc = new Document
        {
            new StringField(IndexFields.Kind, IndexFields.KindDocument, Field.Store.YES),
            new StringField(IndexFields.DocumentId, d.DocumentId, Field.Store.YES),
            new StoredField(IndexFields.File, d.File),
            new StoredField(IndexFields.Title, d.Title),
            new StoredField(IndexFields.Agency, d.Agency),
            new StoredField(IndexFields.Date, d.Date),
            new Int32Field(IndexFields.Year, d.Year, Field.Store.YES),
            new StringField(IndexFields.DocType, d.DocType, Field.Store.YES),
            new StoredField(IndexFields.Text, d.Text),
            new StoredField(IndexFields.Alternates, JsonSerializer.Serialize(d.Alternates)),
            new StoredField(IndexFields.PassageCount, d.Passages.Count),
            new StoredField(IndexFields.Places, string.Join(' ', d.Places)),
        };
        if (d.Ocr) doc.Add(new StoredField(IndexFields.Ocr, 1));
        if (!d.Gongwen.IsEmpty) doc.Add(new StoredField(IndexFields.Gongwen, JsonSerializer.Serialize(d.Gongwen)));
        if (d.Gongwen.DocNumber is { } number) doc.Add(new StringField(IndexFields.DocNumber, number, Field.Store.NO));
        return doc;
    }

    private static Document PassageFields(IndexedDocument d, Passage p)
    {
        var doc = new Document
        {
            new StringField(IndexFields.Kind, IndexFields.KindPassage, Field.Store.YES),
            new StringField(IndexFields.PassageId, $"{d.DocumentId}-{p.Ordinal}", Field.Store.YES),
            new StringField(IndexFields.DocumentId, d.DocumentId, Field.Store.YES),
            new StoredField(IndexFields.File, d.File),
            new StoredField(IndexFields.Title, d.Title),
            new StoredField(IndexFields.Agency, d.Agency),
            new StoredField(IndexFields.Date, d.Date),
            new Int32Field(IndexFields.Year, d.Year, Field.Store.YES),
            new StringField(IndexFields.DocType, d.DocType, Field.Store.YES),
            new StoredField(IndexFields.Ordinal, p.Ordinal),
            new StoredField(IndexFields.Start, p.Start),
            new StoredField(IndexFields.End, p.End),
            new StoredField(IndexFields.Text, p.Text),
            new StoredField(IndexFields.Heading, p.Heading),
            new TextField(IndexFields.TextWords, p.Heading + "\n" + p.Text, Field.Store.NO),
            new TextField(IndexFields.TextBigrams, p.Heading + "\n" + p.Text, Field.Store.NO),
            new TextField(IndexFields.TitleWords, d.Title, Field.Store.NO),
            new TextField(IndexFields.TitleBigrams, d.Title, Field.Store.NO),
            new TextField(IndexFields.AgencyBigrams, d.Agency, Field.Store.NO),
        };
        if (d.Ocr) doc.Add(new StoredField(IndexFields.Ocr, 1));
        if (d.Gongwen.DocNumber is { } number) doc.Add(new StringField(IndexFields.DocNumber, number, Field.Store.NO));
        if (p.HeadingPath.Count > 0) doc.Add(new StoredField(IndexFields.HeadingPath, string.Join('\u001f', p.HeadingPath)));
        if (p.Page is { } page)
        {
            doc.Add(new StoredField(IndexFields.Page, page));
            doc.Add(new StoredField(IndexFields.PageBreaks, string.Join(' ', p.PageBreaks)));
        }
        foreach (var year in p.YearsMentioned) doc.Add(new Int32Field(IndexFields.YearsMentioned, year, Field.Store.NO));
        doc.Add(new StoredField(IndexFields.YearsMentionedStored, string.Join(' ', p.YearsMentioned)));
        doc.Add(new StoredField(IndexFields.Places, string.Join(' ', d.Places)));
        return doc;
    }

    private static byte[] SignatureBytes(ulong[] signature)
    {
        var bytes = new byte[signature.Length * sizeof(ulong)];
        Buffer.BlockCopy(signature, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static ulong[] SignatureValues(Lucene.Net.Util.BytesRef? bytes)
    {
        if (bytes is null || bytes.Length == 0) return [];
        var values = new ulong[bytes.Length / sizeof(ulong)];
        Buffer.BlockCopy(bytes.Bytes, bytes.Offset, values, 0, values.Length * sizeof(ulong));
        return values;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _searchers?.Dispose();
            if (_writer is not null)
            {
                // Never commit on dispose: only complete units of work are committed, by Commit().
                _writer.Rollback();
                _writer = null;
            }
            _directory.Dispose();
            _analyzer.Dispose();
            _processLock?.Dispose();
        }
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new PolicyBm25Similarity() };
    }
}

/// <summary>The index folder cannot be written (read-only, full, gone): nothing of the failed unit of work was committed.</summary>
public sealed class IndexWriteException(string indexPath, Exception inner)
    : IOException($"The index at {indexPath} cannot be written ({inner.Message}). Check that the folder is writable by this user and the disk is not full.", inner)
{
    public string IndexPath { get; } = indexPath;

    /// <summary>What a failed write throws: I/O and permission errors, and Lucene's writer closed by an earlier one.</summary>
    public static bool IsWriteFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ObjectDisposedException && ex is not IndexWriteException;
}

public sealed class IndexLockedException(string indexPath, Exception inner)
    : Exception($"The index at {indexPath} is held by another PolicySearch process (a running API, or another ingest). " +
                "Stop that process, or ask the running API to ingest with POST /api/admin/ingest.", inner)
{
    public string IndexPath { get; } = indexPath;
}
