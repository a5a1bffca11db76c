using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Answering.Tests;

/// <summary>The answerer over an index of every seed document, built once.</summary>
public sealed class AnswererFixture : IDisposable
{
    private readonly SeedIndex _seeds = new();

    public AnswererFixture() => Answerer = new ExtractiveAnswerer(_seeds.Searcher, _seeds.Index, Options.Create(new AnsweringOptions()));

    public PolicyIndex Index => _seeds.Index;
    public SeedIndex Seeds => _seeds;
    public ExtractiveAnswerer Answerer { get; }

    public Answer Ask(string question, SearchFilters? filters = null) => Answerer.Ask(new AskRequest(question, filters ?? new SearchFilters()));

    public void Dispose() => _seeds.Dispose();
}

public sealed class ExtractiveAnswererTests(AnswererFixture seeds) : IClassFixture<AnswererFixture>
{
    private void AssertCitationsAreExactQuotes(Answer answer)
    {
        foreach (var c in answer.Citations)
        {
            var doc = seeds.Index.GetDocument(c.DocumentId)!;
            Assert.Equal(c.Quote, doc.Text[c.Start..c.End]);
            Assert.Contains($"[{c.N}]", answer.AnswerText);
        }
    }

    [Theory]
    [InlineData("“国信1号”养殖工船设计年产量是多少吨鱼？", "3700吨")]
    [InlineData("2024年计划推进多少个海洋重点项目？", "140")]
    [InlineData("2021年4月底统计的时候，那110个海洋项目开工在建多少个？", "89个")]
    public void Ask_NumberQuestion_AnswersWithTheFigureAndAnExactCitation(string question, string expected)
    {
        var answer = seeds.Ask(question);
        Assert.False(answer.Abstained);
        Assert.Equal(ExtractiveAnswerer.Mode, answer.Mode);
        Assert.Contains(expected, answer.AnswerText);
        Assert.NotEmpty(answer.Citations);
        AssertCitationsAreExactQuotes(answer);
        Assert.True(answer.AnswerText.Length <= new AnsweringOptions().MaxAnswerLength + 10);
    }

    [Fact]
    public void Ask_TwoYears_GivesOneCitedItemPerYear()
    {
        var answer = seeds.Ask("2019年和2021年，青岛所在的北纬35度以北海域伏季休渔分别到什么时候结束？");
        Assert.False(answer.Abstained);
        Assert.Contains("2019年：", answer.AnswerText);
        Assert.Contains("2021年：", answer.AnswerText);
        Assert.True(answer.Citations.Count >= 1);
        AssertCitationsAreExactQuotes(answer);
    }

    [Fact]
    public void Ask_NothingMatches_AbstainsWithoutCitations()
    {
        var answer = seeds.Ask("？？？");
        Assert.True(answer.Abstained);
        Assert.Empty(answer.Citations);
        Assert.Equal(ExtractiveAnswerer.NotFound, answer.AnswerText);
    }

    [Fact]
    public void Ask_YearFilter_OnlyCitesThatYear()
    {
        var answer = seeds.Ask("全市海洋生产总值是多少？", new SearchFilters(Year: 2023));
        Assert.All(answer.Citations, c => Assert.StartsWith("2023", c.Date));
    }

    [Fact]
    public void Ask_TitleLines_AreNeverTheAnswer()
    {
        var answer = seeds.Ask("西海岸新区2024年上半年海洋生产总值占全市海洋生产总值的比重是多少？");
        Assert.DoesNotContain(answer.Citations, c => c.Quote.Trim() == c.Title.Trim());
    }
}
