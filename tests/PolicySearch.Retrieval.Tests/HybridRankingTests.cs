using Microsoft.Extensions.Options;
using PolicySearch.Retrieval;

namespace PolicySearch.Retrieval.Tests;

[Collection(SeedIndexCollection.Name)]
public class HybridRankingTests(SeedIndexFixture seeds)
{
    private static PassageCandidate Candidate(string id, float score) =>
        new(id, "d", "f", "t", "a", "2024-01-01", 2024, "news", 0, 0, 1, "x", [], [], score);

    /// <summary>Keyword scores 10 (a), 6 (b); dense scores 0.8 (b), 0.4 (c), weighted 0.5.</summary>
    private IReadOnlyList<PassageCandidate> FuseExample(double missingShare)
    {
        var searcher = new PassageSearcher(seeds.Index, Options.Create(new RankingOptions { KeywordWeight = 1, DenseWeight = 0.5, MissingShare = missingShare }));
        var (_, fused) = searcher.ScoreFusion(
            (2, [Candidate("a", 10), Candidate("b", 6)]),
            (2, [Candidate("b", 0.8f), Candidate("c", 0.4f)]));
        return fused;
    }

    [Fact]
    public void ScoreFusion_WorkedExample_WeighsNormalisedScores()
    {
        // keyword 1.0 (a), 0.6 (b); dense 1.0 (b), 0.5 (c), weighted 0.5: b = 0.6 + 0.5, a = 1.0, c = 0.25.
        var fused = FuseExample(missingShare: 0);
        Assert.Equal(["b", "a", "c"], fused.Select(c => c.PassageId));
        Assert.Equal([1.1f, 1.0f, 0.25f], fused.Select(c => MathF.Round(c.Score, 3)));
    }

    [Fact]
    public void ScoreFusion_PassageMissingFromAList_GetsAShareOfThatListsLastScore()
    {
        // A passage missing from a list scored below its last: it gets half of the last's weighted normalised score.
        // a: 1.0 + 0.5 × 0.5 × 0.5 = 1.125; b: 0.6 + 0.5 = 1.1; c: 0.25 + 0.5 × 1 × 0.6 = 0.55.
        var fused = FuseExample(missingShare: 0.5);
        Assert.Equal(["a", "b", "c"], fused.Select(c => c.PassageId));
        Assert.Equal([1.125f, 1.1f, 0.55f], fused.Select(c => MathF.Round(c.Score, 3)));
    }

    [Fact]
    public void ReciprocalRankFusion_WorkedExample_SumsInverseRanks()
    {
        var searcher = new PassageSearcher(seeds.Index, Options.Create(new RankingOptions { RrfK = 1, KeywordWeight = 1, DenseWeight = 1 }));
        var (_, fused) = searcher.ReciprocalRankFusion(
            (2, [Candidate("a", 10), Candidate("b", 5)]),
            (2, [Candidate("b", 0.8f), Candidate("c", 0.4f)]));
        // b: 1/(1+2) + 1/(1+1) = 0.833; a: 1/2 = 0.5; c: 1/3 = 0.333
        Assert.Equal(["b", "a", "c"], fused.Select(c => c.PassageId));
    }

    [Fact]
    public void Search_EveryMode_RespectsYearFilter()
    {
        foreach (var mode in SearchModes.All)
        {
            var hits = seeds.Search("海洋经济 发展", new SearchFilters(Year: 2023), 20, mode);
            Assert.NotEmpty(hits);
            Assert.All(hits, h => Assert.Equal(2023, h.Year));
        }
    }

    [Fact]
    public void Search_DefaultMode_IsHybridWhenTheLocalModelIsReady()
    {
        Assert.True(seeds.Searcher.DenseAvailable);
        Assert.Equal("hybrid", seeds.Searcher.Search(new SearchRequest("浒苔", new SearchFilters(), 3)).Mode);
    }

    [Fact]
    public void Search_DenseMode_FindsParaphrasedQuestion()
    {
        var hits = seeds.Search("黄海绿潮覆盖面积最大有多少平方公里", top: 5, mode: SearchModes.Dense);
        Assert.Contains(hits, h => h.Text.Contains("浒苔") || h.Text.Contains("绿潮"));
    }
}
