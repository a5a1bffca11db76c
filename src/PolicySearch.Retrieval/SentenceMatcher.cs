namespace PolicySearch.Retrieval;

/// <summary>
/// How well the best single sentence of a passage covers the question: the share of the question's character
/// bigrams (weighted by their rarity among the candidates) that occur in one sentence. Answers sit in a sentence
/// that gathers the question's terms; a passage that only scatters them (a meeting's opening paragraph) does not.
/// </summary>
public static class SentenceMatcher
{
    public static HashSet<string> Bigrams(string text)
    {
        var folded = ScriptNormalizer.Fold(text).ToLowerInvariant();
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
    public static Dictionary<string, double> Weights(HashSet<string> question, IEnumerable<string> passages)
    {
        var texts = passages.Select(p => ScriptNormalizer.Fold(p).ToLowerInvariant()).ToList();
        var n = Math.Max(1, texts.Count);
        return question.ToDictionary(b => b, b =>
        {
            var df = texts.Count(t => t.Contains(b, StringComparison.Ordinal));
            return Math.Log(1 + (double)n / (df + 1));
        });
    }

    public static double BestSentenceCoverage(string passage, Dictionary<string, double> weights)
    {
        var total = weights.Values.Sum();
        if (total <= 0) return 0;
        double best = 0;
        foreach (var (start, end) in Sentences(passage))
        {
            var sentence = Bigrams(passage[start..end]);
            var covered = 0.0;
            foreach (var (bigram, weight) in weights)
            {
                if (sentence.Contains(bigram)) covered += weight;
            }
            best = Math.Max(best, covered / total);
        }
        return best;
    }
}
