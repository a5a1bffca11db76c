namespace PolicySearch.Answering.Tests;

public sealed class YearAttributionTests
{
    [Theory]
    // A year written in the sentence wins; 比2022年 is only the point of comparison.
    [InlineData("2023年全市海洋生产总值为5181.3亿元，比2022年增长6.5%。", "5181.3", 2024, 2023)]
    // The section's year, set sentences earlier, carries on (a February report's review of last year).
    [InlineData("2023年是开创新格局的一年。全年新签约项目153个。", "153个", 2024, 2023)]
    // 去年 is relative to the publish year.
    [InlineData("去年全市新签约项目153个。", "153个", 2024, 2023)]
    // Nothing said: the publish year.
    [InlineData("上半年新签约涉海项目86个。", "86个", 2024, 2024)]
    // 2019年以来 marks where a span starts, not the year spoken of.
    [InlineData("2019年以来累计建成海洋牧场18处。", "18处", 2022, 2022)]
    // A year inside an earlier sentence is that sentence's own: it sets no section year for what follows.
    [InlineData("预计上半年增长7.7%左右。另据核算，2023年全市海洋生产总值为5181.3亿元。\n\n截至6月底，140个项目累计完成投资207.52亿元；新签约涉海项目86个。", "86个", 2024, 2024)]
    // A plan's period (2022-2026年) and a horizon later than the document are about no section.
    [InlineData("制定出台《五年规划（2022-2026年）》和《三年行动方案（2022-2024年）》。全市海洋牧场示范区达到18处。", "18处", 2022, 2022)]
    [InlineData("到2025年，海洋生产总值力争突破6000亿元。\n\n全市海洋牧场示范区达到18处。", "18处", 2022, 2022)]
    // 与2022年相比 is a comparison; a rule's year (按照2021年的规定) sets no section for what follows.
    [InlineData("今年浒苔抵近我市沿岸的时间明显偏晚，与2022年相比推迟了10天，与常年平均相比推迟了15天。", "15天", 2023, 2023)]
    [InlineData("按照2021年的规定，这四类渔船于8月1日12时提前结束休渔。\n调整后，其休渔结束时间推迟至9月16日12时。", "9月16日", 2023, 2023)]
    // A form's date field is the publish date, not a section: the title's year sets the section.
    [InlineData("《2021年中国海洋经济统计公报》要点摘编\n\n发布日期： 2022年4月6日\n\n一、总量：全国海洋生产总值首次突破9万亿元\n", "9万亿元", 2022, 2021)]
    public void YearAt_Statement_IsAttributedToTheYearItIsAbout(string text, string figure, int published, int expected)
    {
        Assert.Equal(expected, YearAttribution.YearAt(text, text.IndexOf(figure, StringComparison.Ordinal), published));
    }

    [Theory]
    [InlineData("2023年和2024年青岛海洋生产总值分别是多少？", "青岛海洋生产总值是多少？", new[] { 2023, 2024 })]
    [InlineData("2022到2024年，全国海洋生产总值每年比上年增长多少？", "全国海洋生产总值比上年增长多少？", new[] { 2022, 2023, 2024 })]
    [InlineData("2022年、2023年、2024年全国海洋生产总值分别是多少？", "全国海洋生产总值是多少？", new[] { 2022, 2023, 2024 })]
    public void QuestionYears_StripAndList(string question, string stripped, int[] years)
    {
        Assert.Equal(years, QuestionYears.Of(question));
        Assert.Equal(stripped, QuestionYears.Strip(question));
    }
}
