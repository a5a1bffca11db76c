using System.Text.RegularExpressions;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// What a question demands of its answer, so that a sentence that only talks around it is not taken for one:
/// 多少家 needs a count of 家, 投资多少/多少钱 an amount of money, 百分之多少/比重 a percentage, 哪天 a date.
/// A sentence that matches the question's words but holds no such value does not answer it.
/// </summary>
public sealed partial record AnswerShape(Regex? Required, AnswerKind Kind)
{
    public static readonly AnswerShape None = new(null, AnswerKind.None);

    public static AnswerShape Of(string question)
    {
        var q = ScriptNormalizer.Fold(question);
        if (DateQuestion().IsMatch(q)) return new AnswerShape(DateValue(), AnswerKind.Date);
        if (MoneyQuestion().IsMatch(q)) return new AnswerShape(Money(), AnswerKind.Number);
        if (PercentQuestion().IsMatch(q)) return new AnswerShape(Percent(), AnswerKind.Number);
        var unit = CountQuestion().Match(q);
        if (unit.Success)
        {
            // Measure words that count the same things stand in for each other (多少条船 → 1300艘).
            var measure = unit.Groups[1].Value switch
            {
                "个" => "[个项处家座所条艘只台套]",
                "条" or "艘" or "只" => "[条艘只]",
                "位" or "名" or "人" => "[位名人]",
                "件" or "起" or "宗" => "[件起宗]",
                "平方千米" or "平方公里" => "平方(?:千米|公里)",
                "公里" or "千米" => "(?:公里|千米)",
                var other => Regex.Escape(other),
            };
            return new AnswerShape(new Regex($@"[\d０-９一二三四五六七八九十百千万两几余多]+(?:\.\d+)?\s*(?:多|余)?(?:万|亿)?{measure}"), AnswerKind.Number);
        }
        return None;
    }

    public bool IsMetBy(string text) => Required is null || Required.IsMatch(ScriptNormalizer.Fold(text));

    [GeneratedRegex("(哪天|哪一天|何时|什么时候|什么时间|几月几日|几号|哪一年|哪年|几点|哪月)")]
    private static partial Regex DateQuestion();

    [GeneratedRegex(@"(\d{1,2}|[一二三四五六七八九十]+)月(\d{1,2}|[一二三四五六七八九十]+)?日?|\d{4}年|\d{1,2}时|[上下]午|\d{4}[-/.]\d{1,2}")]
    private static partial Regex DateValue();

    [GeneratedRegex("(多少钱|多少亿元|多少万元|多少元|投资多少|投资了多少|造价|金额|多少资金|总投资是多少|奖补多少|补贴多少)")]
    private static partial Regex MoneyQuestion();

    [GeneratedRegex(@"[\d０-９一二三四五六七八九十百千万两]+(?:\.\d+)?\s*(?:多|余)?(?:万亿|亿|万|千)?元")]
    private static partial Regex Money();

    [GeneratedRegex("(百分之多少|比重|占比|比例是多少|增长了?多少|增速|增幅|提高了?多少|下降了?多少|涨了?多少|百分比)")]
    private static partial Regex PercentQuestion();

    [GeneratedRegex(@"[\d０-９.]+\s*[%％]|百分之|[一二三四五六七八九十]成|\d+(\.\d+)?个百分点|倍")]
    private static partial Regex Percent();

    // 多少个/几家/多少位嘉宾: the measure word the answer must carry.
    [GeneratedRegex("(?:多少|几)(万吨|吨|平方千米|平方公里|公里|千米|公顷|万亩|亩|米|个|家|处|项|艘|座|条|位|名|人|起|件|次|尾|天|只|台|套|场|批|届|种|所|宗)")]
    private static partial Regex CountQuestion();
}
