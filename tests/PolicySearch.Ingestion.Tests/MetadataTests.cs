using PolicySearch.Ingestion;
using PolicySearch.Tests;
using Xunit.Abstractions;

namespace PolicySearch.Ingestion.Tests;

public class MetadataTests(ITestOutputHelper output)
{
    [Fact]
    public void Extract_CorpusDocuments_MatchManifestGroundTruth()
    {
        var manifest = TestPaths.Manifest();
        Assert.True(manifest.Count >= 90);
        int year = 0, date = 0, title = 0, type = 0;
        foreach (var entry in manifest)
        {
            var doc = DocumentReader.Read(TestPaths.SeedFile(entry.File), entry.File).Document;
            Assert.NotNull(doc);
            var m = doc!.Metadata;
            if (m.Year == entry.Year) year++;
            else output.WriteLine($"year {entry.File}: {m.Year} != {entry.Year}");
            if (m.Date == entry.Date) date++;
            else output.WriteLine($"date {entry.File}: {m.Date} != {entry.Date}");
            if (m.Title == entry.Title) title++;
            if (m.DocType == entry.DocType) type++;
        }
        double n = manifest.Count;
        output.WriteLine($"year {year / n:P1}, date {date / n:P1}, title {title / n:P1}, type {type / n:P1} of {n} documents");
        Assert.True(year / n >= 0.95, $"year right for {year / n:P1}");
        Assert.True(date / n >= 0.90, $"date right for {date / n:P1}");
        Assert.True(title / n >= 0.85, $"title right for {title / n:P1}");
    }

    [Fact]
    public void Extract_MonthDayOnly_TakesYearFromBody()
    {
        var doc = DocumentReader.Read(TestPaths.SeedFile("000_53baf1169bf9d7be.txt"), "000_53baf1169bf9d7be.txt").Document!;
        Assert.Equal("2024-02-05", doc.Metadata.Date);
        Assert.Equal(2024, doc.Metadata.Year);
        Assert.Equal("青岛市海洋工作会议召开", doc.Metadata.Title);
    }

    [Theory]
    [InlineData("青岛市海洋发展局关于2022年海洋伏季休渔的通告", "policy")]
    [InlineData("全市海洋发展工作会议召开 全面部署2023年“攻坚突破年”重点任务", "work_conference")]
    [InlineData("市海洋发展局2024年上半年工作总结", "half_year_summary")]
    [InlineData("青岛市海洋牧场管理条例（节选）", "regulation")]
    public void ClassifyType_Titles_GiveDocumentType(string title, string expected)
    {
        Assert.Equal(expected, MetadataExtractor.ClassifyType(title));
    }

    [Fact]
    public void YearsMentioned_RelativeWords_ResolveAgainstPublishYear()
    {
        Assert.Equal([2023, 2024], MetadataExtractor.YearsMentioned("去年完成投资406亿元，今年计划推进140个项目", 2024));
        Assert.Equal([2021, 2025], MetadataExtractor.YearsMentioned("2021年至2025年", 0));
    }
}
