using PolicySearch.Ingestion;
using PolicySearch.Tests;

namespace PolicySearch.Ingestion.Tests;

public class PassageSplitterTests
{
    [Fact]
    public void Split_EverySeedDocument_PassagesAreExactSpansCoveringTheText()
    {
        var lengths = new List<int>();
        foreach (var file in Directory.GetFiles(TestPaths.Seeds))
        {
            var doc = DocumentReader.Read(file, Path.GetFileName(file)).Document!;
            Assert.NotEmpty(doc.Passages);
            var covered = new bool[doc.Text.Length];
            for (var i = 0; i < doc.Passages.Count; i++)
            {
                var p = doc.Passages[i];
                Assert.Equal(i, p.Ordinal);
                Assert.Equal(doc.Text[p.Start..p.End], p.Text);
                Assert.True(p.End - p.Start <= PassageSplitter.MaxLength, $"{file} passage {i} has {p.End - p.Start} characters");
                if (i > 0) Assert.True(p.Start >= doc.Passages[i - 1].End, "passages overlap");
                for (var c = p.Start; c < p.End; c++) covered[c] = true;
                lengths.Add(p.End - p.Start);
            }
            var lost = doc.Text.Where((c, i) => !covered[i] && !char.IsWhiteSpace(c)).Count();
            Assert.Equal(0, lost);
        }
        // Roughly 150–500 characters: short passages are rare (a document shorter than that, a last line).
        var inRange = lengths.Count(l => l >= 100) / (double)lengths.Count;
        Assert.True(inRange >= 0.85, $"only {inRange:P0} of passages have 100 characters or more");
    }

    [Fact]
    public void Split_NumberedItems_StartNewPassagesAtStructure()
    {
        var items = string.Join("\n", Enumerable.Range(1, 6).Select(i =>
            $"第{"一二三四五六"[i - 1]}条　" + string.Concat(Enumerable.Repeat("本市海洋牧场的建设和管理应当坚持生态优先、科学规划的原则。", 4))));
        var text = "青岛市海洋牧场管理条例\n" + items;
        var passages = PassageSplitter.Split(text, 2021);
        Assert.True(passages.Count >= 2);
        Assert.All(passages.Skip(1), p => Assert.StartsWith("第", p.Text));
        Assert.All(passages, p => Assert.InRange(p.Text.Length, 150, 500));
    }

    [Fact]
    public void Split_LongParagraph_CutsAtSentenceEnds()
    {
        var sentence = "全市海洋生产总值增长百分之十，海洋重点项目全部开工建设并完成年度计划投资。";
        var text = string.Concat(Enumerable.Repeat(sentence, 40));
        var passages = PassageSplitter.Split(text, 2024);
        Assert.True(passages.Count >= 3);
        Assert.All(passages, p => Assert.EndsWith("。", p.Text));
        Assert.All(passages, p => Assert.InRange(p.Text.Length, 150, 500));
    }
}
