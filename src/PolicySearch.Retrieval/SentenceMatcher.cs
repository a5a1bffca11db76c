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
    public static double BestSentenceCoverage(PassageCandidate passage, IReadOnlyList<Dictionary<string, double>> variants, bool titleImplied)
    {
        var best = 0.0;
        foreach (var weights in variants) best = Math.Max(best, BestSentenceCoverage(passage, weights, titleImplied));
        return best;
    }

    /// <summary>
    /// The best sentence's share of the question's weighted bigrams. With <paramref name="titleImplied"/>, the bigrams
    /// the document's title holds count for every sentence: a document's sentences are all about what its title
    /// names, and the one holding the rest of the question is the one that answers.
    /// </summary>
    public static double BestSentenceCoverage(PassageCandidate passage, Dictionary<string, double> weights, bool titleImplied)
    {
        var total = weights.Values.Sum();
        var ends = passage.SentenceEnds;
        if (total <= 0 || ends.Length == 0) return 0;
        Span<double> covered = ends.Length <= 128 ? stackalloc double[ends.Length] : new double[ends.Length];
        Span<int> lastCounted = ends.Length <= 128 ? stackalloc int[ends.Length] : new int[ends.Length];
        lastCounted.Fill(-1);
        var text = passage.Folded;
        var title = titleImplied ? passage.FoldedTitle : "";
        var term = 0;
        double implied = 0;
        foreach (var (bigram, weight) in weights)
        {
            if (title.Length > 0 && title.Contains(bigram, StringComparison.Ordinal))
            {
                implied += weight;
                term++;
                continue;
            }
            for (var at = text.IndexOf(bigram, StringComparison.Ordinal); at >= 0; at = text.IndexOf(bigram, at + 1, StringComparison.Ordinal))
            {
                var sentence = SentenceOf(ends, at);
                if (lastCounted[sentence] == term) continue;
                lastCounted[sentence] = term;
                covered[sentence] += weight;
            }
            term++;
        }
        double best = 0;
        foreach (var c in covered) best = Math.Max(best, c);
        return (best + implied) / total;
    }

    private static int SentenceOf(int[] ends, int offset)
    {
        var i = Array.BinarySearch(ends, offset);
        i = i >= 0 ? i + 1 : ~i;
        return Math.Min(i, ends.Length - 1);
    }
}
