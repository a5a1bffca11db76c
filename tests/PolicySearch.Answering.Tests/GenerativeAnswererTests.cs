using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Answering.Tests;

/// <summary>
/// Generative answers against a local server speaking the OpenAI chat protocol: a good answer is used with exact
/// quotes; a model that cites a source it was not given, states what its source does not say, or times out is
/// not trusted, and the answer falls back to extractive, saying why.
/// </summary>
public sealed partial class GenerativeAnswererTests(AnswererFixture seeds) : IClassFixture<AnswererFixture>, IAsyncLifetime
{
    private const string Question = "2024年计划推进多少个海洋重点项目？";
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ServiceProvider Services(int timeoutSeconds = 10)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Answering:Chat:Endpoint"] = _server.BaseUrl,
            ["Answering:Chat:Model"] = "fake-chat",
            ["Answering:Chat:TimeoutSeconds"] = timeoutSeconds.ToString(),
            ["Answering:Chat:Retries"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        // The seed index built once by the fixture stands in for the configured one.
        services.AddSingleton(seeds.Seeds.Index);
        services.AddSingleton(seeds.Seeds.Searcher);
        services.AddSingleton(seeds.Seeds.Embeddings);
        services.AddAnswering();
        return services.BuildServiceProvider();
    }

    /// <summary>The number of the source in the prompt whose text contains <paramref name="text"/>.</summary>
    private static int SourceHolding(string prompt, string text)
    {
        foreach (Match m in SourceBlock().Matches(prompt))
        {
            if (m.Groups[2].Value.Contains(text)) return int.Parse(m.Groups[1].Value);
        }
        return 0;
    }

    [GeneratedRegex(@"^\[(\d+)\] (.*?)(?=^\[\d+\] |\n问题：)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SourceBlock();

    [Fact]
    public async Task Ask_ModelCitesItsSource_GenerativeAnswerWithExactQuote()
    {
        _server.ChatReply = prompt => $"2024年计划推进140个海洋重点项目，总投资2100亿元 [{SourceHolding(prompt, "140个")}]。";
        await using var services = Services();
        var answer = await services.GetRequiredService<AnswerService>().AskAsync(new AskRequest(Question, new SearchFilters()));

        Assert.True(answer.Mode == GenerativeAnswerer.Mode, $"fell back: {answer.Fallback}");
        Assert.Null(answer.Fallback);
        Assert.Contains("140", answer.AnswerText);
        Assert.Contains("[1]", answer.AnswerText);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(1, citation.N);
        Assert.Contains("140个", citation.Quote);
        Assert.Equal(citation.Quote, seeds.Index.GetDocument(citation.DocumentId)!.Text[citation.Start..citation.End]);
        var prompt = Assert.Single(_server.Prompts);
        Assert.Contains(Question, prompt);
        Assert.Contains("只根据下面编号的资料回答", prompt);
    }

    [Fact]
    public async Task Ask_ModelCitesASourceItWasNotGiven_FallsBackToExtractive()
    {
        _server.ChatReply = _ => "2024年计划推进140个海洋重点项目 [42]。";
        await using var services = Services();
        var answer = await services.GetRequiredService<AnswerService>().AskAsync(new AskRequest(Question, new SearchFilters()));

        Assert.Equal(ExtractiveAnswerer.Mode, answer.Mode);
        Assert.Contains("[42]", answer.Fallback);
        Assert.Contains("140", answer.AnswerText);
    }

    [Fact]
    public async Task Ask_ModelStatesWhatItsSourceDoesNotSay_FallsBackToExtractive()
    {
        _server.ChatReply = prompt => $"2024年计划推进999个海洋重点项目 [{SourceHolding(prompt, "140个")}]。";
        await using var services = Services();
        var answer = await services.GetRequiredService<AnswerService>().AskAsync(new AskRequest(Question, new SearchFilters()));

        Assert.Equal(ExtractiveAnswerer.Mode, answer.Mode);
        Assert.Contains("not supported", answer.Fallback);
        Assert.DoesNotContain("999", answer.AnswerText);
    }

    [Fact]
    public async Task Ask_ModelTimesOut_FallsBackToExtractive()
    {
        _server.Delay = TimeSpan.FromSeconds(5);
        _server.ChatReply = _ => "140个 [1]";
        await using var services = Services(timeoutSeconds: 1);
        var answer = await services.GetRequiredService<AnswerService>().AskAsync(new AskRequest(Question, new SearchFilters()));

        Assert.Equal(ExtractiveAnswerer.Mode, answer.Mode);
        Assert.NotNull(answer.Fallback);
        Assert.Contains("140", answer.AnswerText);
    }

    [Fact]
    public async Task Ask_ModelSaysNotFound_AbstainsInGenerativeMode()
    {
        _server.ChatReply = _ => "未找到。";
        await using var services = Services();
        var answer = await services.GetRequiredService<AnswerService>().AskAsync(new AskRequest("青岛2030年的海洋生产总值目标是多少？", new SearchFilters()));

        Assert.True(answer.Abstained);
        Assert.Equal(GenerativeAnswerer.Mode, answer.Mode);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task AnswerService_NoChatConfigured_IsExtractive()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton(seeds.Seeds.Index);
        services.AddSingleton(seeds.Seeds.Searcher);
        services.AddSingleton(seeds.Seeds.Embeddings);
        services.AddAnswering();
        await using var provider = services.BuildServiceProvider();
        var answerer = provider.GetRequiredService<AnswerService>();

        Assert.Equal(ExtractiveAnswerer.Mode, answerer.DefaultMode);
        var answer = await answerer.AskAsync(new AskRequest(Question, new SearchFilters()));
        Assert.Equal(ExtractiveAnswerer.Mode, answer.Mode);
        Assert.Null(answer.Fallback);
    }
}
