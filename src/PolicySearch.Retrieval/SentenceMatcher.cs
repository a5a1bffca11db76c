namespace PolicySearch.Retrieval;

/// <summary>
/// How well the best single sentence of a passage covers the question: the share of the question's character
/// bigrams (weighted by their rarity among the candidates) that occur in one sentence. Answers sit in a sentence
/// that gathers the question's terms; a passage that only scatters them (a meeting's opening paragraph) does not.
/// </summary>
public static class SentenceMatcher
{
    /// <summary>Character bigrams of letters and digits, folded to Simplified and lower case.</summary>
    public static HashSet<string> Bigrams(string text)
    {
        var folded = ScriptNormalizer.FoldLower(text);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < folded.Length; i++)
        {
            if (char.IsLetterOrDigit(folded[i]) && char.IsLetterOrDigit(folded[i + 1])) set.Add(folded.Substring(i, 2));
        }
        return set;
    }

    public static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '。' or '！' or '？' or '；' or '\n' or '!' or '?' or ';')
            {
                if (i + 1 - start > 1) yield return (start, i + 1);
                start = i + 1;
            }
        }
        if (text.Length - start > 1) yield return (start, text.Length);
    }

    /// <summary>Weights of the question's bigrams: rarer among the candidate passages weighs more.</summary>
    public static Dictionary<string, double> Weights(HashSet<string> question, IReadOnlyList<PassageCandidate> candidates)
    {
        var n = Math.Max(1, candidates.Count);
        return question.ToDictionary(b => b, b =>
        {
            var df = candidates.Count(c => c.Folded.Contains(b, StringComparison.Ordinal));
            return Math.Log(1 + (double)n / (df + 1));
        });
    }

    /// <summary>The best coverage over the question and its thesaurus variants (绿潮 asked, 浒苔 written).</summary>
    public static double BestSentenceCoverage(PassageCandidate passage, IReadOnlyList<BigramTable> variants, bool titleImplied)
    {
        var best = 0.0;
        foreach (var table in variants) best = Math.Max(best, BestSentenceCoverage(passage, table, titleImplied));
        return best;
    }

    /// <summary>
    /// The best sentence's share of the question's weighted bigrams. With <paramref name="titleImplied"/>, the bigrams
    /// the document's title holds count for every sentence: a document's sentences are all about what its title
    /// names, and the one holding the rest of the question is the one that answers.
    /// </summary>
    public static double BestSentenceCoverage(PassageCandidate passage, BigramTable table, bool titleImplied)
    {
        var ends = passage.SentenceEnds;
        if (table.Total <= 0 || ends.Length == 0) return 0;
        // One pass over the title, then one over the text, sentence by sentence: each bigram counts once per sentence.
        Span<bool> inTitle = table.Count <= 256 ? stackalloc bool[table.Count] : new bool[table.Count];
        Span<bool> inSentence = table.Count <= 256 ? stackalloc bool[table.Count] : new bool[table.Count];
        double implied = 0;
        if (titleImplied)
        {
            var title = passage.FoldedTitle;
            for (var i = 0; i + 1 < title.Length; i++)
            {
                if (table.Find(title[i], title[i + 1]) is var k && k >= 0 && !inTitle[k])
                {
                    inTitle[k] = true;
                    implied += table.Weight(k);
                }
            }
        }
        var text = passage.Folded;
        double best = 0, covered = 0;
        var sentence = 0;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            // Past a sentence's end (the last sentence also takes any text after its end).
            if (i >= ends[sentence] && sentence < ends.Length - 1)
            {
                best = Math.Max(best, covered);
                covered = 0;
                inSentence.Clear();
                while (sentence < ends.Length - 1 && i >= ends[sentence]) sentence++;
            }
            if (table.Find(text[i], text[i + 1]) is var k && k >= 0 && !inTitle[k] && !inSentence[k])
            {
                inSentence[k] = true;
                covered += table.Weight(k);
            }
        }
        best = Math.Max(best, covered);
        return (best + implied) / table.Total;
    }
}

/// <summary>
/// A question's weighted bigrams, prepared for scanning many passages: a bigram is found by its two characters
/// (a bit per possible first character rules most characters out before any lookup).
/// </summary>
public sealed class BigramTable
{
    private readonly Dictionary<int, int> _index = [];
    private readonly double[] _weights;
    private readonly ulong[] _firstCharacters = new ulong[65536 / 64];

    public BigramTable(IReadOnlyDictionary<string, double> weights)
    {
        _weights = new double[weights.Count];
        foreach (var (bigram, weight) in weights)
        {
            if (bigram.Length != 2) continue;
            var k = _index.Count;
            _index[bigram[0] << 16 | bigram[1]] = k;
            _weights[k] = weight;
            _firstCharacters[bigram[0] >> 6] |= 1UL << (bigram[0] & 63);
            Total += weight;
        }
        Count = _index.Count;
    }

    public int Count { get; }

    public double Total { get; }

    public double Weight(int k) => _weights[k];

    /// <summary>The bigram's number, or -1 when the question does not have it.</summary>
    public int Find(char first, char second) =>
        (_firstCharacters[first >> 6] & (1UL << (first & 63))) != 0 && _index.TryGetValue(first << 16 | second, out var k) ? k : -1;
}
