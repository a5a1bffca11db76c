using PolicySearch.Retrieval;

namespace PolicySearch.Retrieval.Tests;

public class AnalyzerTests
{
    private static string Words(string text) =>
        string.Join(" | ", PolicyAnalyzers.Tokens(new WordAnalyzer(), IndexFields.TextWords, text).Select(t => t.Term));

    private static string Bigrams(string text) =>
        string.Join(" | ", PolicyAnalyzers.Tokens(new BigramAnalyzer(), IndexFields.TextBigrams, text).Select(t => t.Term));

    [Theory]
    [InlineData("海洋重点项目", "海洋 | 重点 | 项目")]
    [InlineData("伏季休渔", "伏季 | 休渔")]
    [InlineData("全市海洋生产总值增长10.2%", "全市 | 海洋 | 生产总值 | 增长 | 10 | 2")]
    [InlineData("國家級海洋牧場示範區", "国家级 | 海洋 | 牧场 | 示范区")]
    [InlineData("浒苔绿潮灾害应急处置", "浒 | 苔 | 绿 | 潮 | 灾害 | 应急 | 处置")]
    public void WordAnalyzer_PolicyTerms_GoldenTokens(string text, string expected)
    {
        Assert.Equal(expected, Words(text));
    }

    [Theory]
    [InlineData("浒苔 打捞", "浒苔 | 打捞")]
    [InlineData("海洋十年", "海洋 | 洋十 | 十年")]
    [InlineData("蓝谷", "蓝谷")]
    [InlineData("臺灣海峽", "台湾 | 湾海 | 海峡")]
    public void BigramAnalyzer_NewTermsAndTraditional_AreWholeBigrams(string text, string expected)
    {
        Assert.Equal(expected, Bigrams(text));
    }

    [Fact]
    public void ScriptNormalizer_Fold_KeepsLengthSoOffsetsHold()
    {
        const string trad = "青島市海洋發展局２０２２年工作報告";
        var folded = ScriptNormalizer.Fold(trad);
        Assert.Equal("青岛市海洋发展局2022年工作报告", folded);
        Assert.Equal(trad.Length, folded.Length);
        // OpenCC's character table has about 2,700 pairs inside the Basic Multilingual Plane.
        Assert.True(ScriptNormalizer.MappingCount > 2500);
    }

    [Fact]
    public void QueryContext_YearsAndPlaces_AreRead()
    {
        var context = QueryContext.Of("2025年的海洋工作会议上说，去年威海海洋重点项目完成投资多少？");
        Assert.Equal([2024, 2025], context.Years);
        Assert.Contains("weihai", context.Places);
    }
}
