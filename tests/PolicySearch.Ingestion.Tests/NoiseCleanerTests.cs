using System.Text;
using System.Text.RegularExpressions;
using PolicySearch.Ingestion;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

public class NoiseCleanerTests
{
    private static string RawSeed() => File.ReadAllText(TestPaths.SeedFile("000_53baf1169bf9d7be.txt"), Encoding.UTF8);

    [Fact]
    public void Clean_Seed_KeepsEveryChineseRunIntact()
    {
        var raw = RawSeed();
        var cleaned = NoiseCleaner.Clean(raw);
        // Junk is ASCII only, so every run of non-ASCII text in the original must survive unchanged.
        var runs = Regex.Matches(raw, @"[^\x00-\x7F]{2,}").Select(m => m.Value.Trim('\u3000')).Where(r => r.Length >= 2).ToList();
        Assert.NotEmpty(runs);
        var missing = runs.Where(r => !cleaned.Contains(r, StringComparison.Ordinal)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Clean_Seed_RemovesJunkLinesAndGluedFragments()
    {
        var cleaned = NoiseCleaner.Clean(RawSeed());
        Assert.DoesNotContain("9 a; p: |* R! U0 j", cleaned);
        Assert.DoesNotContain("% @: a% _-", cleaned);
        Assert.Contains("孟庆胜出席会议并讲话。", cleaned);
        Assert.DoesNotContain("孟庆胜出席会议并讲话。%", cleaned);
        // No line is left that is mostly ASCII symbols.
        foreach (var line in cleaned.Split('\n').Where(l => l.Length > 0))
        {
            var symbols = line.Count(c => "!\"#$%&'*+;<=>?@[\\]^_`{|}~".Contains(c));
            Assert.True(symbols * 4 < line.Length, $"junk left in: {line}");
        }
    }

    [Theory]
    [InlineData("来源：http://www.qingdao.gov.cn/zwgk/xxgk/hyfz/ 2024年海洋生产总值增长10.2%。", "http://www.qingdao.gov.cn/zwgk/xxgk/hyfz/")]
    [InlineData("2024年海洋生产总值增长10.2%，占GDP比重31%。", "10.2%")]
    [InlineData("网站备案：鲁ICP备05010262号 全文完", "ICP")]
    [InlineData("浒苔陆上清理与海上打捞之比从1:1变为1:30。", "1:30")]
    [InlineData("建设5G基站和LNG接收站。", "LNG")]
    public void RemoveJunkRuns_RealAsciiInText_IsKept(string line, string token)
    {
        Assert.Contains(token, NoiseCleaner.RemoveJunkRuns(line));
    }

    [Theory]
    [InlineData("任务提前完成。l! D` k` H6 s, 7# m 其中两个是海上风电项目", "任务提前完成。其中两个是海上风电项目")]
    [InlineData("$ t7 j9 N2 S$ b会议指出", "会议指出")]
    [InlineData("h< J 2会议指出", "会议指出")]
    public void RemoveJunkRuns_GluedJunk_IsRemoved(string line, string expected)
    {
        Assert.Equal(expected, NoiseCleaner.RemoveJunkRuns(line).Trim());
    }

    [Fact]
    public void Clean_ChromeLinesInText_AreDropped()
    {
        var text = "标题\n当前位置：首页 > 政务公开\n正文第一段。\n【相关阅读】\n· 另一篇文章\n· 第二篇\n版权所有：青岛市人民政府 鲁ICP备05010262号\n正文第二段。";
        var cleaned = NoiseCleaner.Clean(text);
        Assert.Equal("标题\n正文第一段。\n正文第二段。", cleaned);
    }
}
