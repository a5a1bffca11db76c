using System.Text.Json.Nodes;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

public class HtmlExtractionTests
{
    public static TheoryData<string> HtmlFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.Seeds, "*.htm*").Select(Path.GetFileName).Order()) data.Add(f!);
        return data;
    }

    [Theory]
    [MemberData(nameof(HtmlFiles))]
    public void Read_CorpusHtml_KeepsArticleAndDropsChrome(string file)
    {
        var doc = DocumentReader.Read(TestPaths.SeedFile(file), file).Document!;
        var folded = ScriptNormalizer.Fold(doc.Text);
        foreach (var chrome in new[] { "当前位置", "版权所有", "ICP备", "字体大小", "分享到", "相关链接", "相关新闻", "网站标识码", "var _hmt", "function(" })
        {
            Assert.DoesNotContain(chrome, folded);
        }
        // The article survives: every quote the evaluation set takes from this file is in the cleaned text.
        foreach (var quote in QuotesOf(file))
        {
            Assert.Contains(Compact(quote), Compact(doc.Text));
        }
    }

    [Fact]
    public void Extract_TruncatedHtml_StillYieldsText()
    {
        var article = HtmlArticleExtractor.Extract("<html><body><div id='zoom'><p>青岛市海洋发展局召开会议，部署2024年重点工作。会议强调要抓好海洋重点项目。</p><p>会议指出");
        Assert.Contains("部署2024年重点工作", article.Body);
        Assert.Contains("会议指出", article.Body);
    }

    private static IEnumerable<string> QuotesOf(string file)
    {
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Shared, "eval", "qa-dev.jsonl")))
        {
            var q = JsonNode.Parse(line)!.AsObject();
            var gold = q["gold_docs"]!.AsArray().Select(g => g!.ToString()).ToList();
            var index = gold.IndexOf(file);
            if (index < 0) continue;
            if (q["quote"] is { } single) yield return single.ToString();
            else if (q["quotes"] is JsonArray many && many.Count > index) yield return many[index]!.ToString();
        }
    }

    private static string Compact(string s) => new(s.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && c > 0x7F).ToArray());
}
