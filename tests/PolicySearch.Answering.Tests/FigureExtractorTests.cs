namespace PolicySearch.Answering.Tests;

public sealed class FigureExtractorTests
{
    [Theory]
    [InlineData("全国海洋生产总值10.5万亿元", 105000, "亿元", "amount")]
    [InlineData("2024年全市實現海洋生產總值5513.2億元", 5513.2, "亿元", "amount")]
    [InlineData("推进140个海洋重点项目", 140, "个", "amount")]
    [InlineData("比上年增长10.2%", 10.2, "%", "growth")]
    [InlineData("产量同比下降3.5％", -3.5, "%", "growth")]
    [InlineData("最大覆盖面积约135平方公里", 135, "平方千米", "amount")]
    [InlineData("累计打捞浒苔约24万吨", 24, "万吨", "amount")]
    public void Extract_NumberWithUnit_IsNormalised(string text, double value, string unit, string kind)
    {
        var figure = Assert.Single(FigureExtractor.Extract(text));
        Assert.Equal(value, figure.Value, 4);
        Assert.Equal(unit, figure.Unit);
        Assert.Equal(kind, figure.Kind);
        // Shown in one script (Simplified, ASCII digits and signs) whatever the document wrote: 5513.2亿元 for 5513.2億元.
        Assert.Contains(figure.Text, PolicySearch.Retrieval.ScriptNormalizer.Fold(text));
        Assert.Equal(PolicySearch.Retrieval.ScriptNormalizer.Fold(figure.Text), figure.Text);
    }

    [Fact]
    public void Extract_YearsAndDates_AreNotFigures()
    {
        Assert.Empty(FigureExtractor.Extract("2023年5月1日12时起进入休渔期"));
    }

    [Theory]
    [InlineData("海洋生产总值增长多少？", "6.5%")]
    [InlineData("国家级海洋牧场示范区有多少处？", "13处")]
    [InlineData("海洋生产总值是多少？", "5181.3亿元")]
    public void Primary_FollowsWhatTheQuestionAsks(string question, string expected)
    {
        var figures = FigureExtractor.Extract("投资增长56.5%，国家级海洋牧场示范区达到13处，海洋生产总值为5181.3亿元，比上年增长6.5%");
        var primary = FigureExtractor.Primary(question, figures);
        Assert.Equal(expected, primary?.Text);
    }
}
