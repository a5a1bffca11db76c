using Microsoft.Extensions.Options;
using PolicySearch.Answering.Reader;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Answering.Tests;

/// <summary>The answerer with the learned reader shipped in the assembly, over every seed document.</summary>
public sealed class ReaderFixture : IDisposable
{
    private readonly SeedIndex _seeds = new();

    public ReaderFixture()
    {
        Reader = SpanReader.LoadShipped() ?? throw new InvalidOperationException("No reader model is shipped: run train-reader.");
        Answerer = new ExtractiveAnswerer(_seeds.Searcher, _seeds.Index, Options.Create(new AnsweringOptions()), Reader);
    }

    public SpanReader Reader { get; }
    public ExtractiveAnswerer Answerer { get; }
    public PolicyIndex Index => _seeds.Index;

    public Answer Ask(string question) => Answerer.Ask(new AskRequest(question, new SearchFilters()));

    public void Dispose() => _seeds.Dispose();
}

public sealed class ReaderTests(ReaderFixture fixture) : IClassFixture<ReaderFixture>
{
    [Fact]
    public void ShippedReader_WasTrainedOnTheFeaturesThisBuildComputes()
    {
        Assert.Equal(ReaderFeatures.Names, fixture.Reader.Settings.Features);
        Assert.Equal(ReaderRow.Width, ReaderFeatures.Names.Count);
        Assert.Equal(ReaderFeatures.Names.Count, new ReaderFeatures().Vector().Length);
        Assert.InRange(fixture.Reader.Settings.AbstainBelow, 0.01, 0.99);
        Assert.Contains("DRCD", fixture.Reader.Settings.TrainedOn);
    }

    [Fact]
    public void Ask_FigureQuestion_AnswersWithItsConfidenceAndAnExactQuote()
    {
        var answer = fixture.Ask("2024年计划推进多少个海洋重点项目？");

        Assert.False(answer.Abstained);
        Assert.Contains("140个", answer.AnswerText);
        Assert.InRange(answer.Confidence!.Value, fixture.Reader.Settings.AbstainBelow, 1);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(citation.Quote, fixture.Index.GetDocument(citation.DocumentId)!.Text[citation.Start..citation.End]);
    }

    [Fact]
    public void Explain_ListsTheReadersBestCandidatesInItsOrder_TheFirstBeingTheAnswer()
    {
        var request = new AskRequest("2024年计划推进多少个海洋重点项目？", new SearchFilters());
        var answer = fixture.Answerer.Ask(request);
        var explained = fixture.Answerer.Explain(request, 5);

        Assert.Equal(5, explained.Count);
        Assert.Equal(explained.Select(c => c.Order).OrderDescending(), explained.Select(c => c.Order));
        Assert.All(explained, c => Assert.InRange(c.Probability, 0, 1));
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(citation.Quote, explained[0].Text);
        Assert.Equal(answer.Confidence, explained[0].Probability);
        Assert.Equal(explained[0].Text, fixture.Index.GetDocument(citation.DocumentId)!.Text[explained[0].Start..explained[0].End]);
    }

    [Fact]
    public void Ask_NothingInTheDocuments_Abstains()
    {
        var answer = fixture.Ask("量子计算机在火星上的运行速度是多少？");
        Assert.True(answer.Abstained, answer.AnswerText);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public void Candidates_AreExactSpansOfTheirPassages_WithEveryFeatureFinite()
    {
        var hits = fixture.Answerer.Candidates("国信1号养殖工船总投资多少？", []);
        Assert.Empty(hits);
        var passages = new PassageSearcher(fixture.Index, Options.Create(new RankingOptions())).Search(new SearchRequest("国信1号养殖工船总投资多少？", new SearchFilters(), 6)).Results;
        var candidates = fixture.Answerer.Candidates("国信1号养殖工船总投资多少？", passages);
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c =>
        {
            var passage = passages.Single(p => p.PassageId == c.PassageId);
            Assert.Equal(c.Text, passage.Text[c.Start..c.End]);
            Assert.All(c.Features.Vector(), v => Assert.True(float.IsFinite(v)));
        });
        // Some of them are shorter than their sentence: the reader can choose the clause that answers.
        Assert.Contains(candidates, c => c.Features.WholeSentence == 0);
        Assert.Contains(candidates, c => ReaderTrainer.Holds(c.Text, ["4.5亿元"]));
    }

    [Fact]
    public void Holds_FoldsScriptAndSpacesLikeTheIndex()
    {
        Assert.True(ReaderTrainer.Holds("前三季度，全市海洋生產總值達到3450 億元", ["3450亿元"]));
        Assert.False(ReaderTrainer.Holds("前三季度，全市海洋生產總值達到3450億元", ["3540亿元"]));
    }

    [Fact]
    public void Trainer_LearnsWhichCandidateHolds_AndChoosesOnHeldOutFolds()
    {
        // A toy task: the candidate holding the answer covers the question and states the value asked.
        var questions = ToyQuestions(3, (random, holds, _) => new ReaderFeatures
        {
            SpanCoverage = (float)(holds ? 0.6 + 0.4 * random.NextDouble() : 0.7 * random.NextDouble()),
            ShapeInSpan = holds || random.Next(4) == 0 ? 1 : 0,
            SpanLength = (float)random.NextDouble(),
        });

        var folds = ReaderTrainer.CrossValidate(questions, 3, seed: 1, negativeShare: 1);
        var choice = ReaderTrainer.Choose(folds);
        var fits = ReaderTrainer.Fits(folds, choice);
        Assert.True(fits[0].Hit > 0.8, $"cross-validated hit {fits[0].Hit}");
        Assert.Contains(choice.LengthPenalty, ReaderTrainer.LengthPenalties);
        Assert.InRange(choice.AbstainBelow, 0.01, 0.99);
        // A higher ranking score means a likelier answer.
        Assert.True(choice.Slope > 0, $"slope {choice.Slope}");
    }

    [Fact]
    public void Ranker_OrdersEachQuestionsCandidates_OnHeldOutFolds()
    {
        // Which candidate holds the answer shows only against the question's other candidates: its coverage is the
        // highest of them, while questions differ in how much all their candidates cover.
        var questions = ToyQuestions(5, (random, holds, level) => new ReaderFeatures
        {
            SpanCoverage = level + (holds ? 0.3f : (float)(0.25 * random.NextDouble())),
            SpanLength = (float)random.NextDouble(),
        });

        var folds = ReaderTrainer.CrossValidate(questions, 3, seed: 1, negativeShare: 1, ranked: true);
        Assert.All(folds.SelectMany(f => f.Questions), q => Assert.Equal(q.Scores.Length, q.RankScores!.Length));
        var fits = ReaderTrainer.Fits(folds, ReaderTrainer.Choose(folds));
        Assert.True(fits[0].Hit > 0.8, $"cross-validated hit with the ranker {fits[0].Hit}");
        // Grades are whether a candidate holds the answer.
        Assert.Equal([0f, 1f, 0f], ReaderTrainer.Grades(questions[0] with { Holds = [false, true, false] }));
    }

    [Fact]
    public void ShippedReader_HasItsRanker_AndOrdersWithIt()
    {
        var reader = SpanReader.LoadShipped();
        Assert.NotNull(reader);
        Assert.True(reader!.Settings.Ranked);
        var candidates = new[] { new ReaderFeatures { SpanCoverage = 0.9f, ShapeInSpan = 1 }, new ReaderFeatures { SpanCoverage = 0.1f } };
        var ranks = reader.RankScores(candidates)!;
        var order = reader.Order(candidates, reader.Score(candidates), [20, 20]);
        // The same length: the order is the ranker's.
        Assert.Equal(ranks[0] > ranks[1], order[0] > order[1]);
    }

    [Theory]
    [InlineData("来源：青岛日报　　发布时间：2019-05-22 09:12", true)]
    [InlineData("楼主 | 发表于 2022-5-23 08:16:42 | 只看该作者 | 来自:青岛", true)]
    [InlineData("（记者 李明远）", true)]
    [InlineData("记者从市海洋发展局了解到，华能董家口海水淡化项目获得奖补812万元。", false)]
    [InlineData("5月20日，国信1号养殖工船在青岛交付。", false)]
    public void MetadataLine_IsNeverACandidate(string line, bool metadata)
    {
        Assert.Equal(metadata, ExtractiveAnswerer.IsMetadataLine(line));
    }

    /// <summary>
    /// 300 toy questions (three to an article) of 8 candidates each, one of which holds the answer; each candidate's
    /// features from <paramref name="make"/> (the random source, whether it holds, the question's own level 0–1).
    /// </summary>
    private static List<LabelledQuestion> ToyQuestions(int seed, Func<Random, bool, float, ReaderFeatures> make)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 300).Select(i =>
        {
            const int count = 8;
            var answer = random.Next(count);
            var level = (float)random.NextDouble();
            var features = Enumerable.Range(0, count).Select(k => make(random, k == answer, level)).ToList();
            return new LabelledQuestion(new TrainingQuestion($"q{i}", $"article{i / 3}", "问题", ["答"]), false, features,
                Enumerable.Range(0, count).Select(k => k == answer).ToList(), features.Select(f => (int)(f.SpanLength * 100)).ToList());
        }).ToList();
    }

    [Fact]
    public void Platt_MapsScoresToTheShareThatHeldTheAnswer()
    {
        // Scores of 0 held the answer a quarter of the time, scores of 2 three quarters of the time.
        var points = Enumerable.Range(0, 400).Select(i => (Score: i < 200 ? 0.0 : 2.0, Holds: i < 200 ? i % 4 == 0 : i % 4 != 0)).ToList();
        var (slope, intercept) = ReaderTrainer.Platt(points);
        double P(double s) => 1 / (1 + Math.Exp(-(slope * s + intercept)));
        Assert.InRange(P(0), 0.22, 0.28);
        Assert.InRange(P(2), 0.72, 0.78);
    }
}

public sealed class QuestionFrameTests
{
    [Theory]
    [InlineData("李成栋的字是什么？", "的字", null)]
    [InlineData("中国空间技术研究院在哪一年成立？", "究院", "成立")]
    [InlineData("2024年计划推进多少个海洋重点项目？", "推进", "海洋")]
    [InlineData("请介绍海洋经济。", null, null)]
    public void Of_TakesTheWordsAroundTheQuestionWord(string question, string? left, string? right)
    {
        var frame = QuestionFrame.Of(question);
        Assert.Equal(left, frame.Left);
        Assert.Equal(right, frame.Right);
    }

    [Fact]
    public void Gaps_AreSmallForTheSpanWhereTheAnswerStands_AndAbsentWithoutTheWords()
    {
        var frame = QuestionFrame.Of("研究院在哪一年成立？");
        const string text = "该研究院在1968年成立，隶属于航天科技集团。";
        var at = text.IndexOf("1968", StringComparison.Ordinal);
        var (left, right) = frame.Gaps(text, 0, text.Length, at, at + "1968年".Length);
        Assert.InRange(left, 0, 0.1f);
        Assert.Equal(0, right);
        var later = text.IndexOf("隶属", StringComparison.Ordinal);
        var (farLeft, farRight) = frame.Gaps(text, 0, text.Length, later, text.Length - 1);
        Assert.True(farLeft > left && farRight < 0, $"{farLeft} {farRight}");
        Assert.Equal((QuestionFrame.Absent, QuestionFrame.Absent), QuestionFrame.Of("谁主持会议？").Gaps("无关的句子。", 0, 6, 0, 6));
    }
}
