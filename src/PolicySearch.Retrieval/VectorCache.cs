using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace PolicySearch.Retrieval;

/// <summary>
/// The vectors of one index segment for one model, packed: only the documents that have one (passages), in doc
/// order, contiguous for SIMD scoring. Beside the floats, an int8 copy (one scale per vector) that a first pass
/// scans at a quarter of the memory traffic, where the CPU has the instructions for it.
/// </summary>
internal sealed class VectorBlock
{
    private readonly float[] _data;
    private readonly sbyte[]? _codes;
    private readonly float[]? _scales;

    public VectorBlock(string modelId, int dimensions, int[] docs, float[] data)
    {
        ModelId = modelId;
        Dimensions = dimensions;
        Docs = docs;
        _data = data;
        if (!Int8Vectors.IsAccelerated) return;
        _codes = new sbyte[data.Length];
        _scales = new float[docs.Length];
        for (var i = 0; i < docs.Length; i++) _scales[i] = Int8Vectors.Quantize(Vector(i), _codes.AsSpan(i * dimensions, dimensions));
    }

    public string ModelId { get; }
    public int Dimensions { get; }

    /// <summary>The segment's documents that have a vector of this model, ascending; entry i's vector is <see cref="Vector"/>(i).</summary>
    public int[] Docs { get; }

    public bool HasCodes => _codes is not null;

    public ReadOnlySpan<float> Vector(int entry) => _data.AsSpan(entry * Dimensions, Dimensions);

    /// <summary>The int8 estimate of entry's dot product with a query quantized by <see cref="Int8Vectors.Quantize"/>, up to the query's scale.</summary>
    public float Estimate(int entry, ReadOnlySpan<sbyte> query) =>
        _scales![entry] * Int8Vectors.Dot(_codes.AsSpan(entry * Dimensions, Dimensions), query);

    public long Bytes => (long)_data.Length * sizeof(float) + (_codes?.Length ?? 0) + (_scales?.Length ?? 0) * sizeof(float) + Docs.Length * sizeof(int);
}

/// <summary>Symmetric int8 quantization (one scale per vector) and its dot product, with AVX2 where present.</summary>
internal static class Int8Vectors
{
    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>Writes round(v / scale) with scale = max|v| / 127 into codes; returns the scale.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var largest = vector.IsEmpty ? 0 : Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(vector));
        if (largest == 0 || !float.IsFinite(largest))
        {
            codes.Clear();
            return 0;
        }
        var scale = largest / 127f;
        for (var i = 0; i < vector.Length; i++) codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        return scale;
    }

    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && n >= 16)
        {
            ref var ra = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
            ref var rb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
            var acc = Vector256<int>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                // 16 int8 → 16 int16 each, multiplied pairwise and adjacent pairs summed into 8 int32.
                var va = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref ra, (nuint)i));
                var vb = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref rb, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(va, vb));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }
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
        var ord = models.LookupTerm(new BytesRef(modelId));
        if (ord < 0) return null;
        var bytes = new BytesRef();
        var dims = 0;
        var docs = new List<int>();
        var data = new List<float>();
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (models.GetOrd(doc) != ord) continue;
            vectors.Get(doc, bytes);
            if (dims == 0) dims = bytes.Length / sizeof(float);
            if (dims == 0 || bytes.Length != dims * sizeof(float)) continue;
            docs.Add(doc);
            var start = data.Count;
            System.Runtime.InteropServices.CollectionsMarshal.SetCount(data, start + dims);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length))
                .CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(data)[start..]);
        }
        return docs.Count == 0 ? null : new VectorBlock(modelId, dims, docs.ToArray(), data.ToArray());
    }
}
