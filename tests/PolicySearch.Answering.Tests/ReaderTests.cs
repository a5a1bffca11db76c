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
        var random = new Random(3);
        var questions = Enumerable.Range(0, 300).Select(i =>
        {
            var count = 8;
            var answer = random.Next(count);
            var features = Enumerable.Range(0, count).Select(k => new ReaderFeatures
            {
                SpanCoverage = (float)(k == answer ? 0.6 + 0.4 * random.NextDouble() : 0.7 * random.NextDouble()),
                ShapeInSpan = k == answer || random.Next(4) == 0 ? 1 : 0,
                SpanLength = (float)random.NextDouble(),
            }).ToList();
            return new LabelledQuestion(new TrainingQuestion($"q{i}", $"article{i / 3}", "问题", ["答"]), false, features,
                Enumerable.Range(0, count).Select(k => k == answer).ToList(), features.Select(f => (int)(f.SpanLength * 100)).ToList());
        }).ToList();

        var folds = ReaderTrainer.CrossValidate(questions, 3, seed: 1, negativeShare: 1);
        var fits = ReaderTrainer.Fits(folds);
        Assert.True(fits[0].Hit > 0.8, $"cross-validated hit {fits[0].Hit}");
        var (penalty, threshold) = ReaderTrainer.Choose(folds);
        Assert.Contains(penalty, ReaderTrainer.LengthPenalties);
        Assert.InRange(threshold, 0.01, 0.99);
    }
}
