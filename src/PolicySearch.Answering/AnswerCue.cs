using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Words that mark the answer to a where-, why-, how- or by-whom question, which has no value to look for: 位于
/// or 分布于 for 在哪里, 因为 or 由于 for 为什么, 通过 or 采用 for 怎么, 由 or 承建 for 哪家企业建造. A sentence (and the clause kept of it) holding them is preferred, never required.
/// </summary>
public static partial class AnswerCue
{
    public static Regex? Of(string question)
    {
        // Two questions in one ("为什么要推行…？现行管理有什么问题？") favour a kind of sentence only if both ask for it:
        // a why-word must not outrank the sentence that answers the other part.
        var parts = question.Split(['？', '?'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 1)
        {
            var cues = parts.Select(OfPart).Distinct().ToList();
            return cues.Count == 1 ? cues[0] : null;
        }
        return OfPart(question);
    }

    private static Regex? OfPart(string question)
    {
        var q = ScriptNormalizer.Fold(question);
        if (ReasonQuestion().IsMatch(q)) return Reason();
        if (PlaceQuestion().IsMatch(q)) return Place();
        if (MethodQuestion().IsMatch(q)) return Method();
        if (AgentQuestion().IsMatch(q)) return Agent();
        return null;
    }

    [GeneratedRegex("(为什么|为何|为啥|何故|什么原因|原因是|的原因)")]
    private static partial Regex ReasonQuestion();

    [GeneratedRegex("(因为|由于|因此|所以|原因|为了|以免|以便|导致|因而|缘于|鉴于|出于)")]
    private static partial Regex Reason();

    [GeneratedRegex("(怎么(?!样)|如何|怎样(?!的)|什么方式|什么办法|什么方法|什么措施|采取了什么|靠什么)")]
    private static partial Regex MethodQuestion();

    [GeneratedRegex("(通过|采用|采取|利用|依托|借助|按照|依照|运用|实行|推行|实施|引进|以.{1,12}方式)")]
    private static partial Regex Method();

    /// <summary>Whether the cue is the agent's (由…承建): a sentence matching it names who did it, whatever the name looks like.</summary>
    public static bool IsAgent(Regex? cue) => cue is not null && ReferenceEquals(cue, Agent());

    // Who made, built or ran something: the answer names its agent (由…承建, 由…主办).
    [GeneratedRegex("(谁|哪家|哪个单位|哪个公司|哪个企业|哪个部门|哪位|哪两个公司|哪些公司|哪些单位)[^？?]{0,8}(建造|建设|承建|研发|研制|设计|开发|制造|生产|主办|承办|主持|发布|出版|编写|编著|发起|创办|成立|运营|负责)")]
    private static partial Regex AgentQuestion();

    [GeneratedRegex("(由|承建|承办|主办|牵头|研制|出品)")]
    private static partial Regex Agent();

    [GeneratedRegex("(哪里|哪儿|在哪|什么地方|何处|何地|哪个地方|哪些地方|哪些地区|什么地区|什么海域|位置|地点|分布在|分布于)")]
    private static partial Regex PlaceQuestion();

    [GeneratedRegex("(位于|坐落|地处|分布于|分布在|产于|生活在|栖息|设在|设于|发源于|在[^，。；]{1,12}(?:省|市|县|区|州|岛|洋|海|国|路|街|镇|村|湾|港))")]
    private static partial Regex Place();
}
