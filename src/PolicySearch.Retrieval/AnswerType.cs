using System.Text.RegularExpressions;

namespace PolicySearch.Retrieval;

/// <summary>What kind of answer a question asks for, read from its question words, and whether a text holds one.</summary>
public enum AnswerKind
{
    None,
    Number,
    Date,
}

public static partial class AnswerType
{
    public static AnswerKind Of(string question)
    {
        var q = ScriptNormalizer.Fold(question);
        if (DateQuestion().IsMatch(q)) return AnswerKind.Date;
        if (NumberQuestion().IsMatch(q)) return AnswerKind.Number;
        return AnswerKind.None;
    }

    public static bool Holds(AnswerKind kind, string text) => kind switch
    {
        AnswerKind.Number => NumberWithUnit().IsMatch(text),
        AnswerKind.Date => DateValue().IsMatch(text),
        _ => false,
    };

    [GeneratedRegex("(哪天|哪一天|何时|什么时候|什么时间|几月几日|几号|哪一年|哪年|日期)")]
    private static partial Regex DateQuestion();

    [GeneratedRegex("(多少|几个|几家|几处|几项|几艘|几次|几倍|几成|比例|比重|占比|多大|多长|多高|多远|多重|增长了?多|增幅|增速|规模)")]
    private static partial Regex NumberQuestion();

    [GeneratedRegex(@"[\d０-９一二三四五六七八九十百千万两]+(\.\d+)?\s*(%|％|个|家|亿元|万元|元|万亿|亿|万吨|吨|公里|千米|公顷|平方公里|平方千米|亩|万亩|米|艘|处|项|人|名|次|倍|座|条|台|套|万尾|尾|天|年|成|立方米|千瓦|万千瓦)")]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"(\d{1,2}|[一二三四五六七八九十]+)月(\d{1,2}|[一二三四五六七八九十]+)日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")]
    private static partial Regex DateValue();
}
