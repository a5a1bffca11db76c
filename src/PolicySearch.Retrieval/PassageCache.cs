using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace PolicySearch.Retrieval;

/// <summary>
/// Passages as ranking needs them, cached per index segment and filled on first use. Reading stored fields means
/// decompressing a block per document; a query that reranks a few hundred candidates cannot pay that each time.
/// Segments are immutable, so an entry is valid as long as its segment lives (keyed by the segment's core key).
/// </summary>
internal sealed class PassageCache : SegmentCache<PassageCandidate>;

/// <summary>Values loaded from stored fields, cached per segment (keyed by the segment's core key) and filled on first use.</summary>
internal class SegmentCache<T> where T : class
{
    private readonly ConditionalWeakTable<object, T?[]> _segments = new();

    public T Get(IndexSearcher searcher, int globalDoc, Func<int, T> load)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(globalDoc, leaves)];
        var entries = _segments.GetValue(leaf.Reader.CoreCacheKey, _ => new T?[leaf.Reader.MaxDoc]);
        var local = globalDoc - leaf.DocBase;
        // Two threads may load the same entry; both get equal values, and a reference write is atomic.
        return entries[local] ??= load(globalDoc);
    }
}
