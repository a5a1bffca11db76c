using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering.Reader;

/// <summary>
/// What kind of thing a question's question word asks for, and what kinds of value a span holds: the reader learns
/// which go together (谁 with a name, 哪里 with a place word, 多少 with a figure) rather than being told.
/// </summary>
public static partial class QuestionKinds
{
    public const int None = 0, Person = 1, Place = 2, Time = 3, Quantity = 4, Thing = 5, Reason = 6;

    /// <summary>The kind the question's first question word asks for (<see cref="None"/> without one).</summary>
    public static int Of(string question)
    {
        var q = ScriptNormalizer.FoldLower(question);
        if (ReasonWord().IsMatch(q)) return Reason;
        if (TimeWord().IsMatch(q)) return Time;
        if (PersonWord().IsMatch(q)) return Person;
        if (PlaceWord().IsMatch(q)) return Place;
        if (QuantityWord().IsMatch(q)) return Quantity;
        if (ThingWord().IsMatch(q)) return Thing;
        return None;
    }

    public static bool HasFigure(string span) => Figure().IsMatch(span);

    public static bool HasQuote(string span) => span.IndexOfAny(['《', '》', '“', '”', '「', '」', '"']) >= 0;

    public static bool HasLatin(string span) => span.Any(char.IsAsciiLetter);

    public static bool HasTime(string span) => TimeValue().IsMatch(span);

    public static bool HasPlace(string span) => PlaceValue().IsMatch(span);

    [GeneratedRegex("为什么|为何|怎么|怎样|如何|原因|目的")]
    private static partial Regex ReasonWord();

    [GeneratedRegex("什么时候|何时|哪一?(年|天|月|日|个月|年代|世纪|朝|时期)|几(年|月|号|点)|多久|多长时间")]
    private static partial Regex TimeWord();

    [GeneratedRegex("谁|哪一?位|何人|什么人|哪些人")]
    private static partial Regex PersonWord();

    [GeneratedRegex("哪里|哪儿|何处|何地|什么地方|哪一?(个|些)?(国|省|市|县|区|城|地|岛|州|国家|城市|地区)")]
    private static partial Regex PlaceWord();

    [GeneratedRegex("多少|几[个次位种家项名岁天人条座]|多[长大高久远重宽深]")]
    private static partial Regex QuantityWord();

    [GeneratedRegex("什么|哪|何")]
    private static partial Regex ThingWord();

    [GeneratedRegex(@"[0-9０-９]|[一二三四五六七八九十百千万两]+[个位名年月日次项家座条种岁米吨亿元%]")]
    private static partial Regex Figure();

    [GeneratedRegex("[年月日]|世纪|时期|年代|朝|时候")]
    private static partial Regex TimeValue();

    [GeneratedRegex("[省市县区国州岛山河湖海洋]")]
    private static partial Regex PlaceValue();
}
