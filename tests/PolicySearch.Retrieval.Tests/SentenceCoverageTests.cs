using PolicySearch.Retrieval;

namespace PolicySearch.Retrieval.Tests;

public class SentenceCoverageTests
{
    private static PassageCandidate Passage(string title, string text) =>
        new("p", "d", "f", title, "a", "2024-01-01", 2024, "news", 0, 0, text.Length, text, [], [], 1);

    private static readonly BigramTable Question = new(new Dictionary<string, double>
    {
        ["海洋"] = 1, ["项目"] = 2, ["投资"] = 3, ["浒苔"] = 4,
    });

    [Fact]
    public void BestSentenceCoverage_WorkedExample_CountsEachBigramOncePerSentenceAndTakesTheBestSentence()
    {
        // Sentence 1 holds 海洋 twice and 项目 (1 + 2); sentence 2 holds 投资 and 浒苔 (3 + 4); of a total of 10.
        var passage = Passage("通知", "海洋项目海洋。浒苔投资完成；");

        Assert.Equal(0.7, SentenceMatcher.BestSentenceCoverage(passage, Question, titleImplied: false), 6);
    }

    [Fact]
    public void BestSentenceCoverage_TitleWords_CountForEverySentenceButOnlyOnce()
    {
        // 项目 is in the title (2, for every sentence); the best sentence adds 投资 + 浒苔 (7); 项目 in the text is not counted again.
        var passage = Passage("重点项目", "海洋。浒苔投资项目。");

        Assert.Equal(0.9, SentenceMatcher.BestSentenceCoverage(passage, Question, titleImplied: true), 6);
        Assert.Equal(0.9, SentenceMatcher.BestSentenceCoverage(passage, Question, titleImplied: false), 6);
        Assert.Equal(0.3, SentenceMatcher.BestSentenceCoverage(Passage("重点项目", "海洋。没有别的。"), Question, titleImplied: true), 6);
    }

    [Fact]
    public void BestSentenceCoverage_BigramAcrossASentenceEnd_CountsForTheSentenceOfItsFirstCharacter()
    {
        // "洋。" is no bigram, but text after the last sentence end still belongs to the last sentence.
        var passage = Passage("通知", "有关情况。海洋投资");

        Assert.Equal(0.4, SentenceMatcher.BestSentenceCoverage(passage, Question, titleImplied: false), 6);
    }
}
