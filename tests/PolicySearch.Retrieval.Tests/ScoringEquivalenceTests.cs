using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using PolicySearch.Retrieval;

namespace PolicySearch.Retrieval.Tests;

/// <summary>
/// The fast scorers must rank as the plain ones do: term-at-a-time keyword scoring as Lucene's own queries over the
/// same clauses, and the int8 first pass of the vector scan as an exact float scan.
/// </summary>
public sealed class ScoringEquivalenceTests : IDisposable
{
    private const string Text = "text";
    private const string Title = "title";
    private static readonly string[] Vocabulary = ["海洋", "项目", "渔业", "牧场", "浒苔", "港口", "航运", "风电", "养殖", "生态", "2023", "2024"];
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly KeywordScorer _scorer = new();

    public ScoringEquivalenceTests()
    {
        var random = new Random(7);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { Similarity = new PolicyBm25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            for (var d = 0; d < 400; d++)
            {
                // Skewed word frequencies, so that some terms are in most documents and some in few; lengths vary.
                string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => Vocabulary[(int)(Vocabulary.Length * Math.Pow(random.NextDouble(), 2.5))]));
                writer.AddDocument(new Document { new TextField(Text, Words(random.Next(3, 40)), Field.Store.NO), new TextField(Title, Words(random.Next(1, 4)), Field.Store.NO) });
                // Three segments, one with deletions: the scorer must take each segment's doc base and deleted documents.
                if (d is 150 or 300) writer.Commit();
            }
            writer.DeleteDocuments(new Term(Title, "港口"));
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new PolicyBm25Similarity() };
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    private static readonly TermClause[] Clauses =
    [
        new(Text, "浒苔", 1.0f), new(Text, "海洋", 1.0f), new(Text, "风电", 1.0f), new(Text, "2024", 1.0f),
        new(Title, "浒苔", 0.35f), new(Title, "海洋", 0.35f), new(Title, "航运", 0.35f), new(Text, "不存在", 1.0f),
    ];

    [Fact]
    public void KeywordScorer_WeightedTerms_RankAndScoreAsLucenesBooleanQuery()
    {
        var lucene = new BooleanQuery(disableCoord: true);
        foreach (var c in Clauses) lucene.Add(new TermQuery(new Term(c.Field, c.Term)) { Boost = c.Weight }, Occur.SHOULD);

        AssertSameRanking(lucene, new KeywordQuery(Clauses, []));
    }

    [Fact]
    public void KeywordScorer_CommonTerms_CountOnlyWhereARarerTermOfTheFieldMatches()
    {
        // As Lucene's CommonTermsQuery per field: terms in more than the threshold of documents only add where a rarer one matches.
        const float share = 0.25f; // of 400 documents: exactly 100, so both sides draw the line at the same count
        var threshold = (int)(share * _reader.MaxDoc);
        var clauses = Clauses.Where(c => c.Term != "不存在").ToArray();
        var lucene = new BooleanQuery(disableCoord: true);
        foreach (var field in clauses.GroupBy(c => c.Field))
        {
            var common = new Lucene.Net.Queries.CommonTermsQuery(Occur.SHOULD, Occur.SHOULD, share, disableCoord: true) { Boost = field.First().Weight };
            foreach (var c in field) common.Add(new Term(c.Field, c.Term));
            lucene.Add(common, Occur.SHOULD);
        }
        var frequent = clauses.Count(c => _reader.DocFreq(new Term(c.Field, c.Term)) > threshold);
        Assert.InRange(frequent, 1, clauses.Length - 2);

        AssertSameRanking(lucene, new KeywordQuery(clauses, [], share));
    }

    [Fact]
    public void KeywordScorer_Groups_ScoreOnlyPassagesWithAllTheirTerms()
    {
        var group = new TermGroup([new(Text, "浒苔", 1f), new(Text, "养殖", 1f)], 0.2f);
        var lucene = new BooleanQuery(disableCoord: true) { { new TermQuery(new Term(Text, "风电")), Occur.SHOULD } };
        var all = new BooleanQuery(disableCoord: true) { Boost = 0.2f };
        foreach (var c in group.Terms) all.Add(new TermQuery(new Term(c.Field, c.Term)), Occur.MUST);
        lucene.Add(all, Occur.SHOULD);

        AssertSameRanking(lucene, new KeywordQuery([new(Text, "风电", 1f)], [group]));
    }

    [Fact]
    public void KeywordScorer_Filter_KeepsOnlyAcceptedDocuments()
    {
        var everything = _scorer.Search(_searcher, new KeywordQuery(Clauses, []), leaf => new Bits.MatchAllBits(leaf.AtomicReader.MaxDoc), 1000);
        var evenOnly = _scorer.Search(_searcher, new KeywordQuery(Clauses, []), leaf => Even(leaf), 1000);

        Assert.True(evenOnly.Total > 0 && evenOnly.Total < everything.Total);
        Assert.All(evenOnly.Top, hit => Assert.Equal(0, hit.Doc % 2));
        Assert.Equal(everything.Top.Where(h => h.Doc % 2 == 0).Select(h => h.Doc), evenOnly.Top.Select(h => h.Doc));

        FixedBitSet Even(AtomicReaderContext leaf)
        {
            var bits = new FixedBitSet(leaf.AtomicReader.MaxDoc);
            for (var doc = 0; doc < bits.Length; doc++) if ((leaf.DocBase + doc) % 2 == 0) bits.Set(doc);
            return bits;
        }
    }

    [Fact]
    public void KeywordScorer_DecodedPostings_ScoreAsLucenesPostings()
    {
        // Every term with postings in 5% of the documents kept decoded (deleted documents included, skipped while walking).
        var decoding = new KeywordScorer(decodedShare: 0.05f, minDecodedDocuments: 0);
        Assert.True(decoding.Warm(_searcher, [Text, Title]) > 0);
        var lucene = new BooleanQuery(disableCoord: true);
        foreach (var c in Clauses) lucene.Add(new TermQuery(new Term(c.Field, c.Term)) { Boost = c.Weight }, Occur.SHOULD);

        AssertSameRanking(lucene, new KeywordQuery(Clauses, []), decoding);
    }

    private void AssertSameRanking(Query lucene, KeywordQuery ours, KeywordScorer? scorer = null)
    {
        var expected = _searcher.Search(lucene, 1000);
        var actual = (scorer ?? _scorer).Search(_searcher, ours, leaf => new Bits.MatchAllBits(leaf.AtomicReader.MaxDoc), 1000);

        Assert.True(expected.TotalHits > 20, "the query should match a fair share of the documents");
        Assert.Equal(expected.TotalHits, actual.Total);
        Assert.Equal(expected.ScoreDocs.Length, actual.Top.Count);
        for (var i = 0; i < actual.Top.Count; i++)
        {
            Assert.Equal(expected.ScoreDocs[i].Score, actual.Top[i].Score, 1e-4f);
            // Equal scores may be summed in another order; where they differ clearly, the order must agree.
            if (i + 1 < actual.Top.Count && expected.ScoreDocs[i].Score - expected.ScoreDocs[i + 1].Score > 1e-4f)
            {
                Assert.Equal(expected.ScoreDocs[i].Doc, actual.Top[i].Doc);
            }
        }
        Assert.Equal(expected.ScoreDocs.Select(d => d.Doc).Order(), actual.Top.Select(h => h.Doc).Order());
    }

    [Theory]
    [InlineData(192)]
    [InlineData(100)]
    public void VectorScan_Int8FirstPass_FindsWhatAnExactScanFinds(int dimensions)
    {
        var random = new Random(dimensions);
        var segments = new List<VectorSegment>();
        var all = new List<(int Doc, float[] Vector)>();
        var docBase = 0;
        foreach (var size in new[] { 3000, 1700 })
        {
            var docs = Enumerable.Range(0, size).Select(i => i * 2).ToArray(); // vectors on every other document, as on passages
            var data = new float[size * dimensions];
            for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1) * (i % 7 == 0 ? 3 : 1);
            for (var i = 0; i < size; i++) System.Numerics.Tensors.TensorPrimitives.Divide(data.AsSpan(i * dimensions, dimensions), System.Numerics.Tensors.TensorPrimitives.Norm(data.AsSpan(i * dimensions, dimensions)), data.AsSpan(i * dimensions, dimensions));
            var block = new VectorBlock("m", dimensions, docs, data);
            segments.Add(new VectorSegment(block, docBase, null, null));
            for (var i = 0; i < size; i++) all.Add((docBase + docs[i], block.Vector(i).ToArray()));
            docBase += size * 2;
        }
        for (var q = 0; q < 20; q++)
        {
            // A query near one stored vector, as a question is near its passage.
            var query = all[random.Next(all.Count)].Vector.Select(x => x + (float)(random.NextDouble() - 0.5) * 0.05f).ToArray();
            var expected = all.Select(v => (v.Doc, Score: System.Numerics.Tensors.TensorPrimitives.Dot(v.Vector, query)))
                .OrderByDescending(v => v.Score).ThenBy(v => v.Doc).Take(50).ToList();

            var (considered, top) = VectorScan.Best(segments, query, 50);

            Assert.Equal(all.Count, considered);
            Assert.Equal(expected.Select(e => e.Doc), top.Select(t => t.Doc));
            Assert.Equal(expected[0].Score, top[0].Score, 1e-5f);
        }
    }

    [Fact]
    public void Int8Dot_EqualsTheIntegerDotProduct_AtEveryLength()
    {
        var random = new Random(3);
        foreach (var length in new[] { 1, 15, 16, 17, 64, 100, 192, 513 })
        {
            var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            Assert.Equal(a.Zip(b, (x, y) => x * y).Sum(), Int8Vectors.Dot(a, b));
        }
    }
}
