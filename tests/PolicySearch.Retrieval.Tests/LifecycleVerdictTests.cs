using PolicySearch.Retrieval.Lifecycle;

namespace PolicySearch.Retrieval.Tests;

/// <summary>Whether a sentence decides if what a question asks about still applies, and how, on a given day.</summary>
public sealed class LifecycleVerdictTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 3);

    [Theory]
    // What the sentence repeals is what the question names (its 文号): repealed. The repealing plan is another matter.
    [InlineData("我市现行的应急预案于2020年4月1日印发，同时废止了2016年4月19日印发的旧版预案（青政办字〔2016〕53号）。", "青政办字〔2016〕53号那份应急预案现在还有效吗？", LifecycleText.Repealed)]
    [InlineData("我市现行的应急预案于2020年4月1日印发，同时废止了2016年4月19日印发的旧版预案（青政办字〔2016〕53号）。", "2020年印发的应急预案还有效吗？", null)]
    // In force from a day already past; from a day still to come.
    [InlineData("本条例自2022年5月1日起施行。", "《青岛市海洋牧场管理条例》现在是现行有效的吗？", LifecycleText.InForce)]
    [InlineData("本办法自2027年1月1日起施行。", "这个办法现在有效吗？", LifecycleText.NotYetInForce)]
    // A validity that ran out; one that still runs.
    [InlineData("本措施有效期至2025年12月31日。", "这些措施还有效吗？", LifecycleText.Expired)]
    [InlineData("本措施有效期至2027年12月31日。", "这些措施还有效吗？", LifecycleText.InForce)]
    // The usual way of saying both in one sentence: the expiry after the effective date, past a comma.
    [InlineData("第十四条　本办法由市海洋发展局负责解释，自印发之日起施行，有效期至2025年12月31日。", "这个办法现在还有效吗？", LifecycleText.Expired)]
    // 有效期三年 counts from the day it takes effect: 2024-10-20 to 2027-10-19.
    [InlineData("第十八条 本办法自2024年10月20日起施行，有效期三年。", "这个办法现在还有效吗？", LifecycleText.InForce)]
    [InlineData("第十八条 本办法自2020年10月20日起施行，有效期三年。", "这个办法现在还有效吗？", LifecycleText.Expired)]
    // A plan's period: of the two named, the one the question asks about.
    [InlineData("制定出台《五年规划（2022-2026年）》和《三年行动方案（2022-2024年）》。", "三年行动方案现在还在实施期内吗？", LifecycleText.Expired)]
    [InlineData("制定出台《五年规划（2022-2026年）》和《三年行动方案（2022-2024年）》。", "五年规划现在还在实施期内吗？", LifecycleText.InForce)]
    // A database's label says it outright.
    [InlineData("时效性：现行有效", "无居民海岛管理条例还有效吗？", LifecycleText.InForce)]
    // Nothing decisive.
    [InlineData("第五条　渔业行政主管部门负责海洋牧场的综合管理工作。", "海洋牧场管理条例还有效吗？", null)]
    public void VerdictOf_Sentence_DecidesAsOfTheDay(string sentence, string question, string? expected)
    {
        Assert.Equal(expected, LifecycleText.VerdictOf(sentence, question, AsOf));
    }
}
