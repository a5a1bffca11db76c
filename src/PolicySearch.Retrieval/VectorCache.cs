using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace PolicySearch.Retrieval;

/// <summary>The vectors of one index segment for one model, laid out contiguously for SIMD scoring.</summary>
internal sealed class VectorBlock(string modelId, int dimensions, float[] data, bool[] present)
{
    public string ModelId { get; } = modelId;
    public int Dimensions { get; } = dimensions;
    public bool[] Present { get; } = present;
    public ReadOnlySpan<float> Vector(int doc) => data.AsSpan(doc * Dimensions, Dimensions);
    public long Bytes => (long)data.Length * sizeof(float);
}

/// <summary>Per-segment vector blocks, loaded once from doc values and kept while the segment lives.</summary>
internal sealed class VectorCache
{
    private readonly ConditionalWeakTable<object, VectorBlock> _blocks = new();

    public VectorBlock? Get(AtomicReader reader, string modelId)
    {
        if (_blocks.TryGetValue(reader.CoreCacheKey, out var block) && block.ModelId == modelId) return block;
        block = Load(reader, modelId);
        if (block is null) return null;
        _blocks.AddOrUpdate(reader.CoreCacheKey, block);
        return block;
    }

    private static VectorBlock? Load(AtomicReader reader, string modelId)
    {
        var models = reader.GetSortedDocValues(IndexFields.VectorModel);
        var vectors = reader.GetBinaryDocValues(IndexFields.Vector);
        if (models is null || vectors is null) return null;
        var wanted = new BytesRef(modelId);
        var ord = models.LookupTerm(wanted);
        if (ord < 0) return null;
        var bytes = new BytesRef();
        var dims = 0;
        float[]? data = null;
        var present = new bool[reader.MaxDoc];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (models.GetOrd(doc) != ord) continue;
            vectors.Get(doc, bytes);
            if (dims == 0)
            {
                dims = bytes.Length / sizeof(float);
                data = new float[reader.MaxDoc * dims];
            }
            if (bytes.Length != dims * sizeof(float)) continue;
            Buffer.BlockCopy(bytes.Bytes, bytes.Offset, data!, doc * dims * sizeof(float), bytes.Length);
            present[doc] = true;
        }
        return data is null ? null : new VectorBlock(modelId, dims, data, present);
    }
}
