using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Answering.Tests;

/// <summary>A few short documents written for the cases below, indexed once.</summary>
public sealed class SmallCorpusFixture : IDisposable
{
    private readonly TempFolder _source = new("policysearch-small-");
    private readonly SeedIndex _index;

    public SmallCorpusFixture()
    {
        Write("ship.txt", "国信1号养殖工船",
            "来源：青岛日报　　发布时间：2022-05-21 10:00",
            "国信1号养殖工船是全球首艘10万吨级智慧渔业大型养殖工船，由青岛北海造船有限公司建造，设有15个养殖舱。船长249.9米，型宽45米。全船总造价4.5亿元。");
        Write("cage.txt", "深蓝1号网箱",
            "来源：大众日报　　发布时间：2021-06-02 09:00",
            "深蓝1号是我国自主研发的全潜式深海渔业养殖装备，由青岛武船重工建造，养殖水体5万立方米。网箱周长180米，高38米。网箱位于黄海冷水团海域，距日照港约120海里。");
        Write("summary-2023.txt", "2023年全市海洋发展工作总结",
            "来源：市海洋发展局　　发布时间：2023-12-20 15:00",
            "2023年全市海洋经济稳中有进。预计全年海洋生产总值突破5000亿元，增长7%左右。预计全年海水淡化产能达到每日30万吨。");
        Write("economy-2023.txt", "2023年全市海洋经济运行情况",
            "来源：市海洋发展局　　发布时间：2024-04-01 10:00",
            "经核算，2023年全市海洋生产总值实现5214.3亿元，同比增长8.1%，占全市生产总值的比重为33.1%。");
        Write("projects.txt", "海洋产业重点项目推进情况",
            "来源：市海洋发展局　　发布时间：2022-10-12 09:00",
            "今年的海洋产业重点项目已全部完成审批，总投资206亿元。截至9月底，重点项目累计完成投资47.05亿元。");
        Write("seahorse.txt", "威海水产企业见闻",
            "来源：威海日报　　发布时间：2023-07-08 10:00",
            "在新建的车间里，海马的养殖密度比传统池塘提高了三倍。这是因为车间采用全封闭循环水工艺，水温和水质全年可控。车间去年产值两千万元。");
        Write("island.txt", "海岛渔民见闻",
            "来源：烟台日报　　发布时间：2023-07-12 10:00",
            "近几年，随着烟台市“百箱计划”的推进，南岛周边海域陆续布下了一批智能网箱。在南岛附近海面上，四座“海耕”智能网箱一字排开，它们由蓝海重工承建，是规模最大的一批。");
        Write("institute.txt", "东海海洋研究院",
            "来源：市海洋发展局　　发布时间：2022-03-02 10:00",
            "东海海洋研究院（East Sea Marine Institute，简称ESMI）隶属于市海洋发展局，是全市海洋调查、海洋观测和海洋装备研制、试验的主要研究机构和基地，成立于1978年3月15日。1985年6月，东海海洋研究院首次完成远海综合调查。");
        Write("forum.txt", "东亚海洋合作平台青岛论坛回顾",
            "来源：市海洋发展局　　发布时间：2020-01-15 10:00",
            "2019东亚海洋合作平台青岛论坛在西海岸新区开幕，来自中日韩及东盟等国家和地区的近400位嘉宾出席开幕式。");
        Write("program.txt", "蓝色海洋节目介绍",
            "来源：市广播电视台　　发布时间：2023-05-06 10:00",
            "《蓝色海洋》于每星期一晚上21:30在市电视台海洋频道首播，逢星期六晚上20:30于市电视台海洋频道以高清制式重播，每集大约45分钟，由资深海洋记者、主持人李海燕主持。");
        Write("actor.txt", "司徒海燕 (演员)",
            "来源：市文化和旅游局　　发布时间：2021-08-10 10:00",
            "司徒海燕，话剧演员、电视节目主持人。她在本市读完高中，毕业后考入艺术学校学习表演。");
        File.WriteAllText(Path.Combine(_source.Path, "notice.txt"),
            "关于印发东港市海岛保护2023年工作要点的通知\n\n来源：东港市海洋局　　发布时间：2023-04-24 10:00\n\n各有关单位：\n\n现将《东港市海岛保护2023年工作要点》印发给你们，请认真贯彻落实。4月15日，市海洋局与海岛所签署合作协议。\n\n东港市海洋局\n2023年4月21日\n");
        File.WriteAllText(Path.Combine(_source.Path, "targets-2025.md"),
            "# 2025年威海海洋发展主要目标\n\n发布时间：2025-03-01\n\n| 指标 | 2025年目标 |\n|------|-----------|\n| 海洋渔业产量 | 突破350万吨 |\n| 远洋渔船 | 达到300艘 |\n");
        _index = new SeedIndex(_source.Path);
        Answerer = new ExtractiveAnswerer(_index.Searcher, _index.Index, Options.Create(new AnsweringOptions()));
    }

    public ExtractiveAnswerer Answerer { get; }

    public Answer Ask(string question) => Answerer.Ask(new AskRequest(question, new SearchFilters()));

    private void Write(string file, string title, string byline, string body) =>
        File.WriteAllText(Path.Combine(_source.Path, file), $"{title}\n\n{byline}\n\n{body}\n");

    public void Dispose()
    {
        _index.Dispose();
        _source.Dispose();
    }
}

public sealed class SentenceChoiceTests(SmallCorpusFixture corpus) : IClassFixture<SmallCorpusFixture>
{
    /// <summary>Asks, and checks that the answer holds the expected text (and cites the file, when given).</summary>
    private Answer Answered(string question, string expected, string? file = null)
    {
        var answer = corpus.Ask(question);
        Assert.False(answer.Abstained, answer.AnswerText);
        Assert.Contains(expected, answer.AnswerText);
        if (file is not null) Assert.Equal(file, answer.Citations[0].File);
        return answer;
    }
    [Fact]
    public void Ask_TheTitleNamesTheSubject_TheSentenceStatingTheAskedPropertyAnswers()
    {
        // The first sentence repeats the ship's name; the answer ("型宽45米") names only the property asked.
        Answered("国信1号养殖工船的型宽是多少？", "型宽45米", "ship.txt");
    }

    [Fact]
    public void Ask_AFigureStatedOnlyInATableRow_IsAnswered()
    {
        Answered("2025年海洋渔业产量的目标是多少？", "突破350万吨", "targets-2025.md");
    }

    [Fact]
    public void Ask_WordsTheQuestionSplits_MatchAsTheDocumentWritesThem()
    {
        // "完成了多少投资" is written "完成投资47.05亿元": the sentence that only has 完成 and 投资 apart does not answer.
        var answer = Answered("海洋产业重点项目一共完成了多少投资？", "47.05亿元");
    }

    [Fact]
    public void Ask_Where_PrefersTheSentenceThatPlacesIt()
    {
        Answered("深蓝1号网箱在哪里？", "黄海冷水团");
    }

    [Fact]
    public void Ask_ForTheFinalFigure_CitesTheAccountedFigureNotTheForecast()
    {
        var answer = Answered("2023年全市海洋生产总值最终是多少亿元？", "5214.3亿元");
        Assert.DoesNotContain("预计", answer.AnswerText);
    }

    [Fact]
    public void Ask_ForTheFinalFigure_WhenOnlyAForecastIsWritten_Abstains()
    {
        var answer = corpus.Ask("2023年海水淡化产能最终是每日多少万吨？");

        Assert.True(answer.Abstained, answer.AnswerText);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public void Ask_AQuotedDesignationNoDocumentNames_Abstains_WhileANamedOneIsAnswered()
    {
        var unknown = corpus.Ask("“经海001号”网箱的总造价是多少？");
        var known = corpus.Ask("“国信1号”养殖工船的总造价是多少？");

        Assert.True(unknown.Abstained);
        Assert.False(known.Abstained);
        Assert.Contains("4.5亿元", known.AnswerText);
    }

    [Theory]
    [InlineData("什么", "什么")]
    [InlineData("這是什麼", "这是什么")]
    public void Fold_KeepsSimplifiedQuestionWords(string text, string expected) =>
        Assert.Equal(expected, ScriptNormalizer.Fold(text));

    [Fact]
    public void Ask_WhyQuestion_TheAnswerGoesOnToTheSentenceGivingTheReason()
    {
        // The sentence matching the question states the fact; the next one says why (因为).
        var answer = Answered("海马的养殖密度为什么比传统池塘提高了三倍？", "全封闭循环水工艺");
        Assert.DoesNotContain("产值", answer.AnswerText);
        Assert.Equal("seahorse.txt", answer.Citations[0].File);
    }

    [Fact]
    public void Ask_FigureQuestion_StaysWithTheSentenceStatingTheFigure()
    {
        // Figures are answered by the clause that states them; nothing is appended.
        var answer = Answered("新建的海马车间去年产值是多少？", "两千万元");
        Assert.DoesNotContain("循环水", answer.AnswerText);
    }

    [Fact]
    public void Ask_WhoBuiltIt_TheSentenceSayingByWhomAnswers_ThoughTheNameHasNoCompanySuffix()
    {
        // "由蓝海重工承建" names the builder; the other sentence only names a city (烟台市), which looks more like an organisation.
        Answered("南岛海域那几座“海耕”智能网箱是哪家企业建造的？", "由蓝海重工承建", "island.txt");
    }

    [Fact]
    public void Ask_WhenADocumentWasIssued_ItsSignatureDateAnswers()
    {
        // The date under the signature (落款) is a line of its own, which is otherwise skipped like a heading.
        var answer = Answered("东港市海岛保护2023年工作要点的印发通知，落款是哪天？", "2023年4月21日", "notice.txt");
        Assert.Equal("2023年4月21日 [1]", answer.AnswerText);
    }

    [Fact]
    public void Ask_ALongSentenceIsCutToTheClauseStatingTheAskedValue()
    {
        // The subject's clause covers most of the question, but the year is in the clause saying 成立 at the end.
        var answer = Answered("东海海洋研究院在哪年成立？", "1978年", "institute.txt");
        Assert.DoesNotContain("1985年", answer.AnswerText);
    }

    [Fact]
    public void Ask_AnotherEditionOfANamedEvent_DoesNotAnswer()
    {
        // The 2019 forum's guests do not answer for the 2020 forum, though the document is from 2020.
        Answered("2019东亚海洋合作平台青岛论坛一共来了多少位嘉宾？", "近400位嘉宾", "forum.txt");
        Assert.True(corpus.Ask("2020东亚海洋合作平台青岛论坛一共来了多少位嘉宾？").Abstained);
    }

    [Fact]
    public void Ask_ACutAnswerKeepsTimesWhole()
    {
        // "21:30" is one figure: the answer does not begin at "30在…".
        var answer = Answered("《蓝色海洋》的主持人是谁？", "李海燕", "program.txt");
        Assert.DoesNotMatch(@"^\d", answer.AnswerText);
    }

    [Fact]
    public void Ask_ADocumentsDefiningFirstSentence_AnswersWhatItsSentencesCoverAlike()
    {
        // Every sentence is about 司徒海燕 (the title); "毕业" shares a character with 职业, the first sentence defines her.
        Answered("司徒海燕的职业是什么？", "话剧演员", "actor.txt");
    }

    [Fact]
    public void Ask_WhenSomethingHappened_IsNotAnsweredByTheSignatureDate()
    {
        var answer = Answered("市海洋局与海岛所是哪天签署合作协议的？", "4月15日", "notice.txt");
        Assert.DoesNotContain("4月21日", answer.AnswerText);
    }
}
