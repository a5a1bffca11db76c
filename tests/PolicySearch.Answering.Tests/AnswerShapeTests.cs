namespace PolicySearch.Answering.Tests;

/// <summary>What a question demands of a sentence before it can be the answer.</summary>
public sealed class AnswerShapeTests
{
    [Theory]
    // 哪天 asks for a day: a month or a part of one is a plan's horizon, not the day it happened.
    [InlineData("三方共建国际合作中心是哪天签约揭牌的？", "力争2月中旬签署共建协议并揭牌。", false)]
    [InlineData("三方共建国际合作中心是哪天签约揭牌的？", "2月15日，三方共建协议签署并揭牌。", true)]
    [InlineData("船队是哪一天出海的？", "船队于七月初十出海。", true)]
    [InlineData("船队是哪一天出海的？", "船队于七月出海。", false)]
    // 什么时候 may be answered by a month.
    [InlineData("伏季休渔什么时候开始？", "5月起全市进入伏季休渔期。", true)]
    // 多少 without a unit still needs a figure; money when money is counted.
    [InlineData("重点项目总投资是多少？", "筛选建立市级海洋产业重点项目库。", false)]
    [InlineData("全年海洋生产总值定的目标是多少？", "海洋渔业产量突破350万吨。", false)]
    [InlineData("全年海洋生产总值定的目标是多少？", "力争海洋生产总值突破1400亿元。", true)]
    [InlineData("说勉语的人大约有多少？", "使用人口约150万。", true)]
    // 个, the general measure word, counts what 处, 家 or 条 count; another unit or no count does not answer.
    [InlineData("烟台省级以上海洋牧场有多少处？", "截至2020年底，烟台建成的省级以上海洋牧场有30个。", true)]
    [InlineData("烟台省级以上海洋牧场有多少处？", "省级以上示范区累计45处。", true)]
    [InlineData("烟台省级以上海洋牧场有多少处？", "海洋牧场面积110万亩。", false)]
    [InlineData("全市有多少家海洋企业？", "全市规模以上海洋企业达到120个。", true)]
    [InlineData("全市有多少家海洋企业？", "海洋企业营收增长12%。", false)]
    [InlineData("港口新开了多少条航线？", "新开航线15个。", true)]
    [InlineData("这家连锁书店在青岛开了多少家门店？", "目前在青岛共有12间门店。", true)]
    [InlineData("第二十八届渔博会有多少家企业参展？", "办好第二十八届中国国际渔业博览会。", false)]
    [InlineData("条例草案一共有多少条？", "全省已建成省级以上海洋牧场139处。", false)]
    [InlineData("今年的帆船赛有多少个船队参加？", "本届共有16 队参加。", true)]
    // People are counted in 万 as well as by 人.
    [InlineData("灵山岛上有多少人口？", "全岛户籍人口0.25万。", true)]
    [InlineData("灵山岛上有多少人口？", "全岛旅游收入2500万元。", false)]
    // 第几 asks for an ordinal, whatever the measure word.
    [InlineData("青岛是第几次承办这项帆船赛事？", "这是青岛第三次承办该赛事。", true)]
    [InlineData("青岛是第几次承办这项帆船赛事？", "青岛承办该赛事。", false)]
    // A year or a time as histories write it: with a space, in Chinese numerals, an era's year, a century, a decade.
    [InlineData("中国海洋大学成立于哪一年？", "学校创建于1924 年。", true)]
    [InlineData("即墨在什么时候设县？", "隋开皇十六年，始置即墨县。", true)]
    [InlineData("琅琊台是在哪一年修筑的？", "秦始皇于前219年登琅琊，筑琅琊台。", true)]
    [InlineData("青岛港在什么时候开始兴建？", "19世纪90年代，青岛港开始兴建。", true)]
    [InlineData("青岛港在什么时候开始兴建？", "青岛港由德国人设计。", false)]
    // Amounts in other currencies, shares written as fractions or ratios, hours, large counts in 万 and 亿.
    [InlineData("这艘船的造价是多少钱？", "造价约2.9亿美元。", true)]
    [InlineData("远洋渔业产量占全省的比例是多少？", "约占全省的四分之三。", true)]
    [InlineData("男女生比例是多少？", "男女生比例约为1：7。", true)]
    [InlineData("男女生比例是多少？", "学校男女生比例较为均衡。", false)]
    [InlineData("渔船一次出海需要多少个小时？", "单程约需18小时。", true)]
    [InlineData("全市共培育了多少个海洋微生物菌株？", "累计保藏菌株1.2万。", true)]
    [InlineData("全市共培育了多少个海洋微生物菌株？", "全年投入资金1.2万元。", false)]
    [InlineData("青岛常住人口有多少人？", "常住人口为10,371,700。", true)]
    // 什么时候 may be answered by when something happened relative to another thing, or a part of a period or day.
    [InlineData("青岛港什么时候恢复夜间作业？", "台风过境之后，港口恢复作业。", true)]
    [InlineData("这种藻类最早出现在什么时候？", "约2.5亿年前的三叠纪早期。", true)]
    [InlineData("渔船通常什么时候返港？", "渔船多在傍晚返港。", true)]
    [InlineData("这种鱼类生活在什么时候？", "它们生活在白垩纪。", true)]
    [InlineData("这种鱼类生活在什么时候？", "它们的化石陈列在纪念馆。", false)]
    [InlineData("渔船通常什么时候返港？", "渔船返港卸货。", false)]
    public void Admits_OnlySentencesOfTheFormAsked(string question, string sentence, bool admitted) =>
        Assert.Equal(admitted, AnswerShape.Of(question).Admits(sentence));

    [Theory]
    [InlineData("那艘养殖工船船身有多长？", "船长249.9米，型宽45米。", true)]
    [InlineData("那艘养殖工船船身有多长？", "全船总造价4.5亿元。", false)]
    [InlineData("网箱有多高？", "网箱周长180米，高38米。", true)]
    public void Of_HowLong_FavoursALength(string question, string sentence, bool favoured) =>
        Assert.Equal(favoured, AnswerShape.Of(question).IsMetBy(sentence));

    [Fact]
    public void Of_HowLongItTakes_IsNoLength() =>
        Assert.True(AnswerShape.Of("办理许可需要多长时间？").IsMetBy("全船总造价4.5亿元。"));

    [Fact]
    public void Of_JerseyNumber_IsNotADateQuestion() =>
        Assert.True(AnswerShape.Of("他身披几号球衣？").Admits("他身披10号球衣。"));
}

/// <summary>The words that mark a where-, why- or how-answer.</summary>
public sealed class AnswerCueTests
{
    [Theory]
    [InlineData("深蓝1号网箱在哪里？", "网箱位于黄海冷水团海域。", true)]
    [InlineData("为什么把第一道防线看得最重？", "因为这里是山东海域的南大门。", true)]
    [InlineData("银泽生物是怎么把海马的养殖密度提上去的？", "公司采用全封闭循环水工艺。", true)]
    [InlineData("银泽生物是怎么把海马的养殖密度提上去的？", "成群的海马在池水中游动。", false)]
    [InlineData("那几座深海智能网箱是哪家企业建造的？", "它们由中集来福士承建。", true)]
    // Two questions in one that both ask why.
    [InlineData("为什么要设防线？为什么第一道最重？", "因为这里是山东海域的南大门。", true)]
    public void Of_MarksTheSentenceThatAnswersTheKindOfQuestion(string question, string sentence, bool marked) =>
        Assert.Equal(marked, AnswerCue.Of(question)!.IsMatch(sentence));

    [Theory]
    [InlineData("全市海洋生产总值是多少？")]
    // Two questions in one asking different things: neither part's kind of sentence is favoured.
    [InlineData("为什么要设立海洋牧场示范区？现行管理有什么不足？")]
    // 怎么样 asks how something is, not how it was done.
    [InlineData("今年的渔业收成怎么样？")]
    public void Of_OtherQuestions_HaveNoCue(string question) => Assert.Null(AnswerCue.Of(question));
}
