using System.Text.RegularExpressions;

namespace PolicySearch.Retrieval;

/// <summary>
/// What a Chinese question asks about comes last: "…会议是谁主持的" → 主持, "…完成了多少投资" → 投资. The bigrams
/// of the few characters before the question mark (question words and particles removed) are its focus.
/// </summary>
public static partial class QuestionFocus
{
    public const int Length = 4;

    /// <summary>The question without its question words (多少, 是谁, 哪些 …), folded to Simplified.</summary>
    public static string Content(string question) => QuestionWords().Replace(ScriptNormalizer.Fold(question), " ");

    public static HashSet<string> Bigrams(string question)
    {
        var tail = TrailingParticles().Replace(QuestionMarks().Replace(ScriptNormalizer.FoldLower(question), "").TrimEnd(), "");
        tail = QuestionWords().Replace(tail, "");
        return SentenceMatcher.Bigrams(tail.Length > Length ? tail[^Length..] : tail);
    }

    /// <summary>
    /// Multiplies the weights of the question's focus bigrams by <paramref name="factor"/>, where the texts use them:
    /// a paraphrase's own words (涨了) must not weigh a text down.
    /// </summary>
    public static void Emphasise(Dictionary<string, double> weights, string question, IEnumerable<string> foldedTexts, double factor)
    {
        if (factor == 1) return;
        var texts = foldedTexts as IReadOnlyCollection<string> ?? foldedTexts.ToList();
        foreach (var bigram in Bigrams(question))
        {
            if (weights.ContainsKey(bigram) && texts.Any(t => t.Contains(bigram, StringComparison.Ordinal))) weights[bigram] *= factor;
        }
    }

    private static readonly WordAnalyzer Segmenter = new();

    /// <summary>
    /// Bigrams that join a particle to its neighbour across a word boundary (乐在 in 于乐在哪里出身, 的谥 in 魏裔介的谥号):
    /// rare in any text, so they would weigh most while saying nothing. A bigram inside a segmented word (有限, 现在) stays.
    /// </summary>
    public static HashSet<string> AcrossWords(string text)
    {
        var folded = ScriptNormalizer.FoldLower(text);
        var inWord = new bool[folded.Length];
        foreach (var (_, start, end) in PolicyAnalyzers.Tokens(Segmenter, IndexFields.TextWords, folded))
        {
            if (end - start < 2) continue;
            for (var i = start; i < end - 1 && i < inWord.Length; i++) inWord[i] = true;
        }
        var across = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < folded.Length; i++)
        {
            if (!inWord[i] && (IsParticle(folded[i]) || IsParticle(folded[i + 1]))) across.Add(folded.Substring(i, 2));
        }
        return across;
    }

    public static bool IsParticle(char c) => Particles.Contains(c);

    private const string Particles = "的地得在是了都吗呢和与及或哪什么谁有被把将们这那";

    [GeneratedRegex("(是多少|有多少|多少|是什么|什么时候|什么|是?(?:哪一天|哪天|哪一年|哪年|哪里|哪儿|哪些|哪个|哪家|哪位|哪)|何时|是谁|为什么|怎么样|怎么|如何|请问|吗|呢|？|\\?)")]
    private static partial Regex QuestionWords();

    [GeneratedRegex("[？?。！!\\s]+$")]
    private static partial Regex QuestionMarks();

    [GeneratedRegex("(的|了|呢|吗|啊|呀)+$")]
    private static partial Regex TrailingParticles();
}
