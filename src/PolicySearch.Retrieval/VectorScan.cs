using Lucene.Net.Util;

namespace PolicySearch.Retrieval;

/// <summary>One segment's vectors for a scan: its doc base, deleted documents, and the filter's documents (null: all).</summary>
internal sealed record VectorSegment(VectorBlock Block, int DocBase, IBits? Live, IBits? Accepted);

/// <summary>Exact nearest-vector search by dot product over every vector that passes the filters.</summary>
internal static class VectorScan
{
    /// <summary>
    /// The count best (global doc, score) by exact dot product, and how many vectors were considered. Where every
    /// block has int8 codes, a first pass ranks by their estimate and keeps a wider pool that the floats then score
    /// exactly: the result is the exact scan's unless the estimate misplaces a vector by more than the pool's margin.
    /// </summary>
    public static (int Considered, List<(int Doc, float Score)> Top) Best(IReadOnlyList<VectorSegment> segments, float[] query, int count)
    {
        var quantized = segments.Count > 0 && segments.All(s => s.Block.HasCodes);
        var codes = new sbyte[query.Length];
        if (quantized) Int8Vectors.Quantize(query, codes);
        var pool = quantized ? Math.Max(count * 4, 200) : count;
        var best = new TopK<(VectorBlock Block, int Entry, int Doc)>(pool);
        var considered = 0;
        foreach (var (block, docBase, live, accepted) in segments)
        {
            var docs = block.Docs;
            for (var entry = 0; entry < docs.Length; entry++)
            {
                var doc = docs[entry];
                if (live is not null && !live.Get(doc)) continue;
                if (accepted is not null && !accepted.Get(doc)) continue;
                considered++;
                var score = quantized
                    ? block.Estimate(entry, codes)
                    : System.Numerics.Tensors.TensorPrimitives.Dot(block.Vector(entry), query);
                best.Offer((block, entry, docBase + doc), score, docBase + doc);
            }
        }
        var ranked = best.Ranked();
        if (!quantized) return (considered, ranked.Select(r => (r.Item.Doc, r.Score)).ToList());
        var exact = new TopK<int>(count);
        foreach (var ((block, entry, doc), _) in ranked)
        {
            exact.Offer(doc, System.Numerics.Tensors.TensorPrimitives.Dot(block.Vector(entry), query), doc);
        }
        return (considered, exact.Ranked());
    }
}

/// <summary>For `bench`: the time of a dense scan over random vectors of a given count and dimension.</summary>
public static class VectorScanBenchmark
{
    /// <summary>Median milliseconds of a top-100 scan (int8 first pass where the CPU allows, then exact) over count vectors.</summary>
    public static double MedianMs(int count, int dimensions)
    {
        var (data, query) = RandomVectors(count, dimensions);
        var segments = new[] { new VectorSegment(new VectorBlock("bench", dimensions, Enumerable.Range(0, count).ToArray(), data), 0, null, null) };
        return Median(() => VectorScan.Best(segments, query, 100));
    }

    /// <summary>Median milliseconds of the float dot products alone (SIMD) over count contiguous vectors.</summary>
    public static double FloatDotMs(int count, int dimensions)
    {
        var (data, query) = RandomVectors(count, dimensions);
        return Median(() =>
        {
            var best = float.MinValue;
            for (var d = 0; d < count; d++) best = Math.Max(best, System.Numerics.Tensors.TensorPrimitives.Dot(data.AsSpan(d * dimensions, dimensions), query));
        });
    }

    private static (float[] Data, float[] Query) RandomVectors(int count, int dimensions)
    {
        var random = new Random(5);
        var data = new float[count * dimensions];
        for (var i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble() - 0.5f;
        var query = new float[dimensions];
        for (var i = 0; i < dimensions; i++) query[i] = (float)random.NextDouble() - 0.5f;
        return (data, query);
    }

    private static double Median(Action scan)
    {
        var times = new List<double>();
        for (var round = 0; round < 20; round++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            scan();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
