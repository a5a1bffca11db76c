namespace PolicySearch.Answering.Tests;

public sealed class FollowUpTests
{
    [Theory]
    // A new year, a new place, a word like one of the earlier question's: it takes the earlier one's place.
    [InlineData("2023年青岛海洋生产总值是多少？", "2024年呢？", "2024年青岛海洋生产总值是多少？")]
    [InlineData("2023年青岛海洋生产总值是多少？", "烟台呢？", "2023年烟台海洋生产总值是多少？")]
    [InlineData("2023年主办建议多少件？", "协办呢？", "2023年协办建议多少件？")]
    // A short question naming nothing of its own is asked of the earlier question's subject.
    [InlineData("2023年全市新签约海洋项目多少个？", "比上年增长多少？", "2023年全市新签约海洋项目比上年增长多少？")]
    [InlineData("2023年全市海洋灾害一共造成多少直接经济损失？", "其中风暴潮造成了多少？", "2023年全市海洋灾害其中风暴潮造成了多少？")]
    // 这个条例 / 该条例: the document the earlier question named.
    [InlineData("《青岛市海洋牧场管理条例》一共几条？", "该条例从哪天起施行？", "《青岛市海洋牧场管理条例》从哪天起施行？")]
    public void Resolve_EllipticalQuestion_IsReadAgainstTheEarlierOne(string earlier, string question, string expected)
    {
        Assert.Equal(expected, FollowUp.Resolve(question, [new Turn(earlier, "…")]));
    }

    [Fact]
    public void Resolve_Chain_CarriesWhatEachTurnChanged()
    {
        var history = new[] { new Turn("2023年主办建议多少件？"), new Turn("协办呢？") };
        Assert.Equal("2024年协办建议多少件？", FollowUp.Resolve("2024年呢？", history));
    }

    [Theory]
    [InlineData("国信1号养殖工船是哪天交付的？")]
    [InlineData("《青岛市海岸带保护与利用管理条例》是哪年通过的？")]
    [InlineData("2024年威海一共安排了多少个海洋产业重点项目？")]
    public void Resolve_QuestionThatStandsOnItsOwn_IgnoresHistory(string question)
    {
        Assert.Null(FollowUp.Resolve(question, [new Turn("2023年青岛海洋生产总值是多少？", "5181.3亿元 [1]")]));
    }

    [Fact]
    public void Resolve_NoHistory_IsNull() => Assert.Null(FollowUp.Resolve("2021年呢？", []));
}
