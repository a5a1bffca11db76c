using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering.Tests;

/// <summary>Comparison across years on the seed documents: each cell about its own year, figures normalised.</summary>
public sealed class YearComparerTests(AnswererFixture seeds) : IClassFixture<AnswererFixture>
{
    private YearComparer Comparer() => new(new AnswerService(seeds.Answerer, new ServiceCollection().BuildServiceProvider()));

    [Fact]
    public async Task Compare_NationalOceanGdp_EachYearHasItsOwnFigure()
    {
        var result = await Comparer().CompareAsync(new CompareRequest("全国海洋生产总值是多少？", [2022, 2023, 2024], new SearchFilters()));

        Assert.Equal([2022, 2023, 2024], result.Years.Select(y => y.Year));
        var expected = new Dictionary<int, double> { [2022] = 94628, [2023] = 99097, [2024] = 105438 };
        foreach (var cell in result.Years)
        {
            Assert.False(cell.Abstained);
            Assert.NotNull(cell.Figure);
            Assert.Equal(expected[cell.Year], cell.Figure!.Value);
            Assert.Equal("亿元", cell.Figure.Unit);
            Assert.NotNull(cell.Date);
            var citation = Assert.Single(cell.Citations);
            Assert.Equal(citation.Quote, seeds.Index.GetDocument(citation.DocumentId)!.Text[citation.Start..citation.End]);
            // No cell states another year's figure.
            Assert.All(expected.Where(e => e.Key != cell.Year), other => Assert.DoesNotContain(other.Value.ToString(), cell.AnswerText));
        }
    }

    [Fact]
    public async Task Compare_ReportLooksBack_YearCellComesFromTheNextYearsDocument()
    {
        // 2023's Qingdao figure is first stated in a 2024 document: the cell names that document and its date.
        var result = await Comparer().CompareAsync(new CompareRequest("青岛海洋生产总值是多少？", [2023], new SearchFilters()));

        var cell = Assert.Single(result.Years);
        Assert.Contains("5181.3", cell.AnswerText);
        Assert.StartsWith("2024", cell.Date);
    }

    [Fact]
    public async Task Compare_YearWithoutDocuments_IsNotFoundNotAnotherYearsFigure()
    {
        var result = await Comparer().CompareAsync(new CompareRequest("全国海洋生产总值是多少？", [2030], new SearchFilters()));

        var cell = Assert.Single(result.Years);
        Assert.True(cell.Abstained);
        Assert.Equal("未找到", cell.AnswerText);
        Assert.Empty(cell.Citations);
        Assert.Null(cell.Figure);
    }

    [Fact]
    public void Chart_HasOnePointPerYearWithAFigure_LabelledWithTheYear()
    {
        static YearAnswer Cell(int year, Figure? figure) =>
            new(year, figure is null ? "未找到" : figure.Text + " [1]", figure is null, "extractive", [], figure is null ? [] : [figure], figure, null, null, null, null);
        var comparison = new Comparison("海洋生产总值", [
            Cell(2022, new Figure(94628, "亿元", "94628亿元", Figure.Amount)),
            Cell(2023, null),
            Cell(2024, new Figure(10.5438, "亿元", "10.5438万亿元", Figure.Amount)),
        ], "extractive");

        var svg = System.Xml.Linq.XDocument.Parse(ComparisonChart.Svg(comparison));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var points = svg.Descendants(ns + "circle").Select(c => (string)c.Attribute("data-year")!).ToList();
        Assert.Equal(["2022", "2024"], points);
        var yearLabels = svg.Descendants(ns + "text").Where(t => (string?)t.Attribute("class") == "year").Select(t => t.Value).ToList();
        Assert.Equal(["2022", "2023", "2024"], yearLabels);
        Assert.DoesNotContain("http", svg.ToString().Replace("http://www.w3.org/2000/svg", ""));
    }
}
