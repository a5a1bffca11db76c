using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using PolicySearch.Retrieval.Access;

namespace PolicySearch.Retrieval;

/// <summary>
/// Security trimming, inside the index so that it happens before ranking: a document the current
/// <see cref="AccessScope"/> may not see is left out of the accepted documents of every search (keyword and vector
/// alike), of the documents and facts it can be opened by, of the counts, and of the statistics BM25 weighs terms by,
/// so that neither a result, a count nor a changed ranking gives it away.
/// </summary>
public sealed partial class PolicyIndex
{
    /// <summary>The fields BM25 scores; their statistics are taken over the visible passages only.</summary>
    private static readonly string[] ScoredFields = [IndexFields.TextWords, IndexFields.TextBigrams, IndexFields.TitleWords, IndexFields.TitleBigrams];

    /// <summary>What one index version restricts (document id → its groups), with what each scope derived from it.</summary>
    private sealed class AccessSnapshot(IndexReader reader, IReadOnlyDictionary<string, IReadOnlyList<string>> restricted)
    {
        public IndexReader Reader { get; } = reader;
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Restricted { get; } = restricted;
        public ConcurrentDictionary<string, HiddenDocuments> Scopes { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The documents one scope may not see in one index version, and what leaving them out takes.</summary>
    private sealed class HiddenDocuments(IReadOnlySet<string> ids)
    {
        public IReadOnlySet<string> Ids { get; } = ids;
        public ConcurrentDictionary<object, FixedBitSet> Visible { get; } = new();
        public Lazy<ExcludedStatistics>? Statistics { get; set; }
    }

    private volatile AccessSnapshot? _access;

    /// <summary>The groups a document is restricted to; empty when it is public (or not in the index).</summary>
    public IReadOnlyList<string> GroupsOf(string documentId)
    {
        IReadOnlyList<string> groups = [];
        WithSearcher(searcher => groups = AccessOf(searcher).Restricted.GetValueOrDefault(documentId) ?? []);
        return groups;
    }

    /// <summary>Whether any document in the index is restricted to some groups.</summary>
    public bool HasRestrictedDocuments
    {
        get
        {
            var any = false;
            WithSearcher(searcher => any = AccessOf(searcher).Restricted.Count > 0);
            return any;
        }
    }

    private AccessSnapshot AccessOf(IndexSearcher searcher)
    {
        var snapshot = _access;
        if (snapshot is not null && ReferenceEquals(snapshot.Reader, searcher.IndexReader)) return snapshot;
        var restricted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var query = new TermQuery(new Term(IndexFields.Kind, IndexFields.KindFile));
        var fields = new HashSet<string> { IndexFields.DocumentId, IndexFields.FileRole, IndexFields.Groups };
        foreach (var hit in searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs)
        {
            var doc = searcher.Doc(hit.Doc, fields);
            if (doc.Get(IndexFields.FileRole) != SourceFileRecord.RolePrimary || doc.Get(IndexFields.DocumentId) is not { } id) continue;
            if (doc.Get(IndexFields.Groups) is { Length: > 0 } groups) restricted[id] = groups.Split('\n');
        }
        snapshot = new AccessSnapshot(searcher.IndexReader, restricted);
        _access = snapshot;
        return snapshot;
    }

    /// <summary>What the current scope may not see in this index version; null when it sees everything.</summary>
    private HiddenDocuments? Hidden(IndexSearcher searcher)
    {
        var scope = AccessScope.Current;
        if (scope.All) return null;
        var snapshot = AccessOf(searcher);
        if (snapshot.Restricted.Count == 0) return null;
        var hidden = snapshot.Scopes.GetOrAdd(scope.Key, _ =>
        {
            var ids = snapshot.Restricted.Where(r => !scope.CanSee(r.Value)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            var documents = new HiddenDocuments(ids);
            documents.Statistics = new Lazy<ExcludedStatistics>(() => Excluded(searcher.IndexReader, documents));
            return documents;
        });
        return hidden.Ids.Count == 0 ? null : hidden;
    }

    /// <summary>The documents of a segment the scope may see (all but the hidden documents' passages and records).</summary>
    private static FixedBitSet VisibleIn(AtomicReaderContext leaf, HiddenDocuments hidden) =>
        hidden.Visible.GetOrAdd(leaf.AtomicReader.CoreCacheKey, _ =>
        {
            var bits = new FixedBitSet(leaf.AtomicReader.MaxDoc);
            bits.Set(0, bits.Length);
            foreach (var doc in HiddenDocs(leaf.AtomicReader, hidden)) bits.Clear(doc);
            return bits;
        });

    /// <summary>Every Lucene document (deleted ones too: statistics still count them) of a hidden document in a segment.</summary>
    private static IEnumerable<int> HiddenDocs(AtomicReader reader, HiddenDocuments hidden)
    {
        foreach (var id in hidden.Ids)
        {
            var docs = reader.GetTermDocsEnum(new Term(IndexFields.DocumentId, id));
            if (docs is null) continue;
            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc()) yield return doc;
        }
    }

    /// <summary>
    /// What the hidden documents add to the scored fields' statistics (documents, lengths, each term's frequencies),
    /// to be taken off the index's: BM25 then weighs terms as an index of the visible passages alone would. Read once
    /// per index version and scope, from the postings (exact, whatever the analyzers did).
    /// </summary>
    private static ExcludedStatistics Excluded(IndexReader reader, HiddenDocuments hidden)
    {
        long documents = 0;
        var fields = new Dictionary<string, (long DocCount, long SumTotalTermFreq, long SumDocFreq)>(StringComparer.Ordinal);
        var terms = new Dictionary<(string Field, string Term), (long DocFreq, long TotalTermFreq)>();
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            var mask = new FixedBitSet(atomic.MaxDoc);
            foreach (var doc in HiddenDocs(atomic, hidden)) mask.Set(doc);
            var count = mask.Cardinality;
            if (count == 0) continue;
            documents += count;
            foreach (var field in ScoredFields)
            {
                if (atomic.GetTerms(field) is not { } fieldTerms) continue;
                var withField = new FixedBitSet(atomic.MaxDoc);
                long sumTotal = 0, sumDocs = 0;
                var termsEnum = fieldTerms.GetEnumerator();
                while (termsEnum.MoveNext())
                {
                    var postings = termsEnum.Docs(mask, null, DocsFlags.FREQS);
                    long df = 0, ttf = 0;
                    for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
                    {
                        df++;
                        ttf += postings.Freq;
                        withField.Set(doc);
                    }
                    if (df == 0) continue;
                    var key = (field, termsEnum.Term.Utf8ToString());
                    var (d, t) = terms.GetValueOrDefault(key);
                    terms[key] = (d + df, t + ttf);
                    sumTotal += ttf;
                    sumDocs += df;
                }
                var (c, s, sd) = fields.GetValueOrDefault(field);
                fields[field] = (c + withField.Cardinality, s + sumTotal, sd + sumDocs);
            }
        }
        return new ExcludedStatistics(documents, fields, terms);
    }

    /// <summary>A Lucene filter passing what a scope may see (for counting).</summary>
    private sealed class VisibleFilter(HiddenDocuments hidden) : Filter
    {
        public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs) => VisibleIn(context, hidden);
    }
}
