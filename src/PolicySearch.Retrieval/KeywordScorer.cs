using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace PolicySearch.Retrieval;

/// <summary>One weighted term of a keyword query: BM25 of the term in the field, times the weight.</summary>
public readonly record struct TermClause(string Field, string Term, float Weight);

/// <summary>Terms that count only together (a thesaurus alternative's bigrams): a passage must hold them all.</summary>
public sealed record TermGroup(IReadOnlyList<TermClause> Terms, float Weight);

/// <summary>
/// A keyword query: optional weighted terms, summed (BM25 per term and field), plus conjunctive groups.
/// Terms found in more than <see cref="CommonShare"/> of a field's passages (when that share is more than
/// <see cref="MinCommonDocuments"/> passages) only add where a rarer term of the same field matches, and a field with
/// only such terms needs them all (what Lucene's CommonTermsQuery does, except that a term found nowhere is ignored
/// instead of counting as a rare one). A share of 0 counts every term everywhere.
/// </summary>
public sealed record KeywordQuery(IReadOnlyList<TermClause> Terms, IReadOnlyList<TermGroup> Groups, float CommonShare = 0, int MinCommonDocuments = 0);

/// <summary>
/// BM25 as Lucene scores it (same parameters, same float arithmetic), with its per-term weight and per-length
/// factors open to <see cref="KeywordScorer"/>, which applies them without a virtual call per posting.
/// </summary>
public sealed class PolicyBm25Similarity : BM25Similarity
{
    internal float Idf(CollectionStatistics collection, TermStatistics term) => IdfExplain(collection, term).Value;

    internal float AverageLength(CollectionStatistics collection) => AvgFieldLength(collection);

    internal float LengthOf(byte norm) => DecodeNormValue(norm);
}

/// <summary>
/// Scores a <see cref="KeywordQuery"/> term at a time: each term's postings are walked once and its BM25 added into
/// one accumulator per segment, then the best passages are taken from it. Lucene's document-at-a-time disjunction
/// keeps a heap over all ~50 clauses of a question (SmartCn words and bigrams in text and title) and pays for it on
/// every posting; this pays one array add. Scores equal Lucene's BM25 for the same clauses.
/// </summary>
public sealed class KeywordScorer(float decodedShare = KeywordScorer.DefaultDecodedShare, int minDecodedDocuments = KeywordScorer.DefaultMinDecodedDocuments)
{
    /// <summary>Terms in more than this share of a field's passages have their postings kept decoded in memory.</summary>
    public const float DefaultDecodedShare = 0.03f;

    /// <summary>Terms in fewer passages than this are never decoded: walking short postings costs little.</summary>
    public const int DefaultMinDecodedDocuments = 1000;

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, byte[]?>> _norms = new();
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<(string Field, string Term), DecodedPostings?>> _decoded = new();
    private readonly ConcurrentBag<Buffers> _buffers = [];

    /// <summary>
    /// A frequent term's postings of one segment as plain arrays (deleted documents included: the segment's live
    /// documents are checked while walking them). Lucene.Net spends ~14 ns per posting decoding its blocks; the
    /// frequent terms of a question (年, 发展, 海洋 …) are most of its postings.
    /// </summary>
    private sealed record DecodedPostings(int[] Docs, byte[] Frequencies)
    {
        public long Bytes => Docs.Length * (sizeof(int) + 1L);
    }

    /// <param name="excluded">Documents the caller may not see: left out of the statistics (accepted must leave them out too).</param>
    public (int Total, List<(int Doc, float Score)> Top) Search(IndexSearcher searcher, KeywordQuery query, Func<AtomicReaderContext, IBits> accepted, int count,
        ExcludedStatistics? excluded = null)
    {
        var bm25 = searcher.Similarity as PolicyBm25Similarity
            ?? throw new InvalidOperationException($"The searcher must score with {nameof(PolicyBm25Similarity)}.");
        var reader = searcher.IndexReader;
        var terms = query.Terms.Select(c => Prepare(searcher, bm25, c, excluded)).Where(t => t is not null).Select(t => t!).ToList();
        var groups = query.Groups
            .Select(g => g.Terms.Select(c => Prepare(searcher, bm25, c with { Weight = c.Weight * g.Weight }, excluded)).ToList())
            .Where(g => g.All(t => t is not null))
            .Select(g => g.Select(t => t!).ToList())
            .ToList();
        // Per field: its rare terms first, then its common ones (which then only add where a rare one matched).
        var byField = terms
            .GroupBy(t => t.Clause.Field)
            .Select(g =>
            {
                var passages = Collection(searcher, g.Key, excluded).DocCount;
                var threshold = query.CommonShare * passages;
                var common = query.CommonShare > 0 && threshold > query.MinCommonDocuments ? g.Where(t => t.DocFreq > threshold).ToList() : [];
                var rare = g.Except(common).ToList();
                return (Rare: rare, Common: rare.Count == 0 ? [] : common, AllOf: rare.Count == 0 ? common : []);
            })
            .ToList();
        // A field with only common terms asks for all of them together (as CommonTermsQuery does, to stay fast).
        groups.AddRange(byField.Where(f => f.AllOf.Count > 0).Select(f => f.AllOf));

        var best = new TopK<int>(count);
        var total = 0;
        var maxDoc = reader.Leaves.Count == 0 ? 0 : reader.Leaves.Max(l => l.AtomicReader.MaxDoc);
        var buffers = Rent(maxDoc);
        foreach (var leaf in reader.Leaves)
        {
            foreach (var (rare, common, _) in byField)
            {
                foreach (var term in rare) Walk(leaf, term, buffers, markField: true, onlyInField: false);
                foreach (var term in common) Walk(leaf, term, buffers, markField: false, onlyInField: true);
                foreach (var doc in buffers.FieldTouched) buffers.InField[doc] = false;
                buffers.FieldTouched.Clear();
            }
            foreach (var group in groups) WalkGroup(leaf, group, buffers);

            var accepts = buffers.Touched.Count == 0 ? null : accepted(leaf);
            foreach (var doc in buffers.Touched)
            {
                if (accepts is not null && accepts.Get(doc))
                {
                    total++;
                    best.Offer(leaf.DocBase + doc, buffers.Scores[doc], leaf.DocBase + doc);
                }
                buffers.Scores[doc] = 0;
                buffers.Matched[doc] = false;
            }
            buffers.Touched.Clear();
        }
        // Returned only when clean: an exception above leaves its buffers to the garbage collector.
        _buffers.Add(buffers);
        return (total, best.Ranked());
    }

    private sealed class Buffers(int size)
    {
        public float[] Scores { get; } = new float[size];
        public bool[] Matched { get; } = new bool[size];
        public bool[] InField { get; } = new bool[size];
        public int[] GroupHits { get; } = new int[size];
        public float[] GroupScores { get; } = new float[size];
        public List<int> Touched { get; } = [];
        public List<int> FieldTouched { get; } = [];
        public List<int> GroupTouched { get; } = [];

        /// <summary>Marks a passage as matched by the query (once), so that it is collected and cleared.</summary>
        public void Match(int doc)
        {
            if (Matched[doc]) return;
            Matched[doc] = true;
            Touched.Add(doc);
        }
    }

    private Buffers Rent(int size)
    {
        while (_buffers.TryTake(out var buffers))
        {
            if (buffers.Scores.Length >= size) return buffers;
        }
        return new Buffers(Math.Max(size, 1024));
    }

    /// <summary>A term's statistics and BM25 weight over the whole index; null when no passage has it.</summary>
    private sealed record PreparedTerm(TermClause Clause, Term Term, TermContext Context, float WeightValue, float[] LengthFactor, float WithoutNorms, bool Decode, long DocFreq)
    {
        /// <summary>The term's BM25 in a passage it occurs freq times in, given the segment's norms of its field.</summary>
        public float Score(float freq, byte[]? norms, int doc) => WeightValue * freq / (freq + (norms is null ? WithoutNorms : LengthFactor[norms[doc]]));
    }

    private static CollectionStatistics Collection(IndexSearcher searcher, string field, ExcludedStatistics? excluded) =>
        excluded is null ? searcher.CollectionStatistics(field) : excluded.Without(searcher.CollectionStatistics(field));

    private PreparedTerm? Prepare(IndexSearcher searcher, PolicyBm25Similarity bm25, TermClause clause, ExcludedStatistics? excluded)
    {
        var term = new Term(clause.Field, clause.Term);
        var context = TermContext.Build(searcher.TopReaderContext, term);
        if (context.DocFreq == 0) return null;
        var statistics = searcher.TermStatistics(term, context);
        if (excluded is not null) statistics = excluded.Without(statistics, clause.Field);
        // A term only hidden documents hold is a term found nowhere.
        if (statistics.DocFreq == 0) return null;
        var collection = Collection(searcher, clause.Field, excluded);
        // Lucene 4.8's BM25: weight = idf · boost, then weight · (k1 + 1) · tf / (tf + k1 · (1 − b + b · length / avgdl)).
        var weight = bm25.Idf(collection, statistics) * clause.Weight;
        var average = bm25.AverageLength(collection);
        var factors = new float[256];
        for (var i = 0; i < factors.Length; i++) factors[i] = bm25.K1 * ((1 - bm25.B) + bm25.B * bm25.LengthOf((byte)i) / average);
        // A field without norms is scored as if b were 0.
        return new PreparedTerm(clause, term, context, weight * (bm25.K1 + 1), factors, bm25.K1, IsDecoded(context.DocFreq, collection.DocCount), statistics.DocFreq);
    }

    private DocsEnum? Postings(AtomicReaderContext leaf, PreparedTerm term)
    {
        if (term.Context.Get(leaf.Ord) is not { } state) return null;
        var termsEnum = leaf.AtomicReader.GetTerms(term.Clause.Field)!.GetEnumerator();
        termsEnum.SeekExact(term.Term.Bytes, state);
        return termsEnum.Docs(leaf.AtomicReader.LiveDocs, null, DocsFlags.FREQS);
    }

    /// <summary>A segment's length norms of a field as bytes, read once per segment (null: the field has none).</summary>
    private byte[]? Norms(AtomicReaderContext leaf, string field)
    {
        var byField = _norms.GetValue(leaf.AtomicReader.CoreCacheKey, _ => new ConcurrentDictionary<string, byte[]?>());
        return byField.GetOrAdd(field, f =>
        {
            var values = leaf.AtomicReader.GetNormValues(f);
            if (values is null) return null;
            var norms = new byte[leaf.AtomicReader.MaxDoc];
            for (var doc = 0; doc < norms.Length; doc++) norms[doc] = (byte)values.Get(doc);
            return norms;
        });
    }

    private bool IsDecoded(long docFreq, long passages) => decodedShare > 0 && docFreq >= Math.Max(minDecodedDocuments, decodedShare * passages);

    /// <summary>Decodes, once per segment, the postings of every term frequent enough to be kept decoded; returns their bytes.</summary>
    public long Warm(IndexSearcher searcher, IEnumerable<string> fields)
    {
        long bytes = 0;
        foreach (var field in fields)
        {
            var passages = searcher.CollectionStatistics(field).DocCount;
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                if (leaf.AtomicReader.GetTerms(field) is not { } terms) continue;
                var termsEnum = terms.GetEnumerator();
                while (termsEnum.MoveNext())
                {
                    if (!IsDecoded(termsEnum.DocFreq, passages)) continue;
                    bytes += Decoded(leaf, field, termsEnum.Term.Utf8ToString(), termsEnum)?.Bytes ?? 0;
                }
            }
        }
        return bytes;
    }

    private DecodedPostings? Decoded(AtomicReaderContext leaf, string field, string term, TermsEnum? positioned = null)
    {
        var byTerm = _decoded.GetValue(leaf.AtomicReader.CoreCacheKey, _ => new ConcurrentDictionary<(string, string), DecodedPostings?>());
        if (byTerm.TryGetValue((field, term), out var cached)) return cached;
        var termsEnum = positioned;
        if (termsEnum is null)
        {
            termsEnum = leaf.AtomicReader.GetTerms(field)?.GetEnumerator();
            if (termsEnum is null || !termsEnum.SeekExact(new BytesRef(term))) return byTerm.GetOrAdd((field, term), (DecodedPostings?)null);
        }
        var postings = termsEnum.Docs(null, null, DocsFlags.FREQS);
        var docs = new List<int>(termsEnum.DocFreq);
        var frequencies = new List<byte>(termsEnum.DocFreq);
        for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
        {
            // A term more than 255 times in one passage is left to Lucene's postings (kept exact, never clipped).
            if (postings.Freq > byte.MaxValue) return byTerm.GetOrAdd((field, term), (DecodedPostings?)null);
            docs.Add(doc);
            frequencies.Add((byte)postings.Freq);
        }
        return byTerm.GetOrAdd((field, term), new DecodedPostings(docs.ToArray(), frequencies.ToArray()));
    }

    private void Walk(AtomicReaderContext leaf, PreparedTerm term, Buffers b, bool markField, bool onlyInField)
    {
        if (term.Context.Get(leaf.Ord) is null) return;
        var norms = Norms(leaf, term.Clause.Field);
        var scores = b.Scores;
        var inField = b.InField;
        void Add(int doc, float freq)
        {
            scores[doc] += term.Score(freq, norms, doc);
            b.Match(doc);
            if (markField && !inField[doc])
            {
                inField[doc] = true;
                b.FieldTouched.Add(doc);
            }
        }
        if (term.Decode && Decoded(leaf, term.Clause.Field, term.Clause.Term) is { } decoded)
        {
            var live = leaf.AtomicReader.LiveDocs;
            var docs = decoded.Docs;
            var frequencies = decoded.Frequencies;
            for (var i = 0; i < docs.Length; i++)
            {
                var doc = docs[i];
                if (onlyInField && !inField[doc]) continue;
                if (live is not null && !live.Get(doc)) continue;
                Add(doc, frequencies[i]);
            }
            return;
        }
        if (Postings(leaf, term) is not { } postings) return;
        for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
        {
            if (onlyInField && !inField[doc]) continue;
            Add(doc, postings.Freq);
        }
    }

    /// <summary>Adds a group's terms only to passages that hold every one of them.</summary>
    private void WalkGroup(AtomicReaderContext leaf, List<PreparedTerm> group, Buffers b)
    {
        foreach (var term in group)
        {
            if (Postings(leaf, term) is not { } postings) continue;
            var norms = Norms(leaf, term.Clause.Field);
            for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
            {
                float freq = postings.Freq;
                if (b.GroupHits[doc]++ == 0) b.GroupTouched.Add(doc);
                b.GroupScores[doc] += term.Score(freq, norms, doc);
            }
        }
        foreach (var doc in b.GroupTouched)
        {
            if (b.GroupHits[doc] == group.Count)
            {
                b.Scores[doc] += b.GroupScores[doc];
                b.Match(doc);
            }
            b.GroupHits[doc] = 0;
            b.GroupScores[doc] = 0;
        }
        b.GroupTouched.Clear();
    }
}

/// <summary>
/// What some documents (those a caller may not see) add to an index's statistics: taken off, BM25 scores as if the
/// index held the other documents only.
/// </summary>
public sealed record ExcludedStatistics(
    long Documents,
    IReadOnlyDictionary<string, (long DocCount, long SumTotalTermFreq, long SumDocFreq)> Fields,
    IReadOnlyDictionary<(string Field, string Term), (long DocFreq, long TotalTermFreq)> Terms)
{
    public CollectionStatistics Without(CollectionStatistics all)
    {
        var (docCount, sumTotal, sumDocs) = Fields.GetValueOrDefault(all.Field);
        return new CollectionStatistics(all.Field, all.MaxDoc - Documents, all.DocCount < 0 ? -1 : all.DocCount - docCount,
            all.SumTotalTermFreq < 0 ? -1 : all.SumTotalTermFreq - sumTotal, all.SumDocFreq < 0 ? -1 : all.SumDocFreq - sumDocs);
    }

    public TermStatistics Without(TermStatistics all, string field)
    {
        var (df, ttf) = Terms.GetValueOrDefault((field, all.Term.Utf8ToString()));
        return new TermStatistics(all.Term, all.DocFreq - df, all.TotalTermFreq < 0 ? -1 : all.TotalTermFreq - ttf);
    }
}
