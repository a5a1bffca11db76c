using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering.Reader;

/// <summary>
/// Where a question's answer sits among its words: the words just before its question word (李成栋的<b>字</b>是什么 →
/// 字) and just after it (在哪一年<b>成立</b> → 成立). A sentence stating the answer puts the same words around it
/// (李成栋，字廷贞; 于1968年成立), so a candidate span that begins where the left words end, or ends where the right
/// words begin, sits where the answer is. Of every question with a question word; none without.
/// </summary>
public sealed partial record QuestionFrame(string? Left, string? Right)
{
    public static readonly QuestionFrame None = new(null, null);

    /// <summary>A gap in characters beyond which words are taken not to frame the span.</summary>
    public const int Reach = 20;

    /// <summary>The feature value when the sentence has no such words (or the question none): beyond any gap.</summary>
    public const float Absent = 1.5f;

    public static QuestionFrame Of(string question)
    {
        var folded = ScriptNormalizer.FoldLower(question);
        if (QuestionWord().Match(folded) is not { Success: true } m) return None;
        var before = folded[..m.Index].TrimEnd(FunctionCharacters);
        var after = folded[(m.Index + m.Length)..].TrimStart(FunctionCharacters);
        var left = new string(before.Reverse().TakeWhile(char.IsLetterOrDigit).Take(2).Reverse().ToArray());
        var right = new string(after.TakeWhile(char.IsLetterOrDigit).Take(2).ToArray());
        return new QuestionFrame(left.Length == 0 ? null : left, right.Length == 0 ? null : right);
    }

    /// <summary>
    /// The span's gaps, in units of <see cref="Reach"/> (−1 to 1), to the nearest end of the left words before or
    /// at its start, and to the nearest beginning of the right words after or at its end, within the sentence;
    /// <see cref="Absent"/> when the sentence lacks them.
    /// </summary>
    public (float Left, float Right) Gaps(string foldedText, int sentenceStart, int sentenceEnd, int spanStart, int spanEnd) =>
        (Gap(foldedText, Left, sentenceStart, sentenceEnd, at => spanStart - (at + Left!.Length)),
         Gap(foldedText, Right, sentenceStart, sentenceEnd, at => at - spanEnd));

    private static float Gap(string text, string? words, int start, int end, Func<int, int> gapFrom)
    {
        if (words is null) return Absent;
        var best = int.MaxValue;
        for (var at = text.IndexOf(words, start, end - start, StringComparison.Ordinal); at >= 0 && at + words.Length <= end;
             at = at + 1 < end ? text.IndexOf(words, at + 1, end - at - 1, StringComparison.Ordinal) : -1)
        {
            var gap = gapFrom(at);
            if (Math.Abs(gap) < Math.Abs(best)) best = gap;
        }
        return best == int.MaxValue ? Absent : Math.Clamp(best, -Reach, Reach) / (float)Reach;
    }

    private static readonly char[] FunctionCharacters = ['的', '是', '为', '了', '在', '于', '有', '被', '把', '将', '和', '与', '呢', '吗', '？', '?', '，', ',', '。', ' '];

    [GeneratedRegex(@"什么|哪一?[个年天月日位种家座条项些里国省市次部所支名]?|多少[个年次位种家项名岁天人元]?|几[个年次位种家项名岁天人]?|谁|何[时处地人种]?|怎[么样]|如何|为什么|为何|多[长大高久远重宽深]")]
    private static partial Regex QuestionWord();
}
