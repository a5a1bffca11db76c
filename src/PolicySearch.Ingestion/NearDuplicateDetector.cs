using System.Text;
using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion;

/// <summary>
/// MinHash signatures of a document's characters (4-character shingles of the folded text, punctuation and
/// spaces removed): two signatures agree on a share of positions that estimates the Jaccard similarity of the
/// texts, so republished copies are found without keeping their texts around.
/// </summary>
public static class NearDuplicateDetector
{
    public const int SignatureSize = 128;
    public const int ShingleLength = 4;

    /// <summary>Estimated Jaccard similarity above which two documents are the same article.</summary>
    public const double Threshold = 0.5;

    public static ulong[] Signature(string text)
    {
        var core = new StringBuilder(text.Length);
        foreach (var c in ScriptNormalizer.Fold(text))
        {
            if (char.IsLetterOrDigit(c)) core.Append(c);
        }
        var s = core.ToString();
        var signature = new ulong[SignatureSize];
        Array.Fill(signature, ulong.MaxValue);
        for (var i = 0; i + ShingleLength <= s.Length; i++)
        {
            var h = Hash(s.AsSpan(i, ShingleLength));
            for (var k = 0; k < SignatureSize; k++)
            {
                var v = Mix(h ^ Seeds[k]);
                if (v < signature[k]) signature[k] = v;
            }
        }
        return signature;
    }

    public static double Similarity(ulong[] a, ulong[] b)
    {
        if (a.Length != SignatureSize || b.Length != SignatureSize) return 0;
        var same = 0;
        for (var k = 0; k < SignatureSize; k++)
        {
            if (a[k] == b[k] && a[k] != ulong.MaxValue) same++;
        }
        return (double)same / SignatureSize;
    }

    private static readonly ulong[] Seeds = Enumerable.Range(1, SignatureSize).Select(i => Mix((ulong)i * 0x9E3779B97F4A7C15UL)).ToArray();

    private static ulong Hash(ReadOnlySpan<char> chars)
    {
        var h = 14695981039346656037UL;
        foreach (var c in chars)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }

    // splitmix64's finaliser: a cheap, well-mixed permutation of 64-bit values.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
