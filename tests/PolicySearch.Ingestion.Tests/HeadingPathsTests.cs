using PolicySearch.Retrieval;

namespace PolicySearch.Ingestion.Tests;

public sealed class HeadingPathsTests
{
    private static Passage At(string text, string start, string end, int ordinal)
    {
        var s = text.IndexOf(start, StringComparison.Ordinal);
        var e = text.IndexOf(end, StringComparison.Ordinal) + end.Length;
        return new Passage(ordinal, s, e, text[s..e], "", []);
    }

    [Fact]
    public void Regulation_PassagesAreUnderTheirChapter_AndCitedByTheirArticle()
    {
        const string text = "青岛市海洋牧场管理条例\n第一章　总则\n第一条　为了加强管理，制定本条例。\n第二条　本条例适用于本市。\n第二章　规划建设\n第五条　市人民政府组织编制规划。\n规划应当公开。\n第六条　建设应当符合规划。";
        var passages = HeadingPaths.Assign(text, [At(text, "第一章", "适用于本市。", 0), At(text, "第二章", "规划应当公开。", 1), At(text, "第六条", "符合规划。", 2)]);
        Assert.Equal(["第一章", "第一条"], passages[0].HeadingPath);
        Assert.Equal(["第二章", "第五条"], passages[1].HeadingPath);
        Assert.Equal(["第二章", "第六条"], passages[2].HeadingPath);
        // A quote further down a passage that began in 第一条 is under 第二条.
        var offset = passages[0].Text.IndexOf("本条例适用", StringComparison.Ordinal);
        Assert.Equal(["第一章", "第二条"], Passage.PathAt(passages[0].HeadingPath, passages[0].Text, offset));
    }

    [Fact]
    public void Summary_PassagesAreUnderTheirNumberedHeadings()
    {
        const string text = "2019年上半年工作总结\n一、夯实工作基础\n（一）摸清“四个底数”。针对重点难点，局里抽调业务骨干进行了梳理。\n（二）编制规划。完成了规划初稿。\n二、下半年工作打算\n继续推进各项工作。";
        var passages = HeadingPaths.Assign(text, [At(text, "（一）", "梳理。", 0), At(text, "（二）", "初稿。", 1), At(text, "继续", "工作。", 2)]);
        Assert.Equal(["一、夯实工作基础", "（一）摸清“四个底数”"], passages[0].HeadingPath);
        Assert.Equal(["一、夯实工作基础", "（二）编制规划"], passages[1].HeadingPath);
        Assert.Equal(["二、下半年工作打算"], passages[2].HeadingPath);
    }

    [Fact]
    public void PlainText_HasNoPath()
    {
        const string text = "今天召开了会议。会议强调要做好工作。";
        var passages = HeadingPaths.Assign(text, [new Passage(0, 0, text.Length, text, "", [])]);
        Assert.Empty(passages[0].HeadingPath);
        Assert.Null(Passage.PathAt(passages[0].HeadingPath, text, 3));
    }
}
