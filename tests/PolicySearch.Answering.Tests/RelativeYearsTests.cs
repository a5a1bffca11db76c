namespace PolicySearch.Answering.Tests;

public sealed class RelativeYearsTests
{
    [Theory]
    [InlineData("今年计划推进多少个海洋重点项目？", "2025-03-01", "2025年计划推进多少个海洋重点项目？")]
    [InlineData("去年青岛海洋生产总值是多少？", "2025-03-01", "2024年青岛海洋生产总值是多少？")]
    [InlineData("前年新签约了多少个海洋项目？", "2025-03-01", "2023年新签约了多少个海洋项目？")]
    [InlineData("明年的目标是多少？", "2024-12-31", "2025年的目标是多少？")]
    [InlineData("今年的海洋生产总值比去年增长多少？", "2024-06-30", "2024年的海洋生产总值比2023年增长多少？")]
    public void Resolve_RelativeYear_CountsFromTheDayAsked(string question, string today, string expected)
    {
        Assert.Equal(expected, RelativeYears.Resolve(question, DateOnly.Parse(today)));
    }

    [Theory]
    // A question that names a year speaks as its document does: 去年 there is the year before it, left as asked.
    [InlineData("2025年的海洋工作会议上说，去年海洋重点项目全年完成投资多少？")]
    [InlineData("威海今年（2025年）打鱼加养殖的海产品总量打算到多少？")]
    // 比上年 is the base of a comparison, not a year asked about; nothing relative at all.
    [InlineData("全国海洋生产总值比上年增长多少？")]
    [InlineData("浒苔应急预案是哪个部门印发的？")]
    public void Resolve_AnchoredOrAbsolute_IsLeftAsAsked(string question)
    {
        Assert.Null(RelativeYears.Resolve(question, new DateOnly(2026, 12, 6)));
    }
}
