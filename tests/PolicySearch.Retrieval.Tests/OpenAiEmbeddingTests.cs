using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval.Embeddings;
using PolicySearch.Tests;

namespace PolicySearch.Retrieval.Tests;

public sealed class OpenAiEmbeddingTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new("policysearch-openai-");
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>The services as the API and CLI build them, configured for the openai provider.</summary>
    private ServiceProvider Services(string index, string seeds, double timeoutSeconds = 5)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paths:Index"] = index,
            ["Paths:Seeds"] = seeds,
            ["Embeddings:Provider"] = "openai",
            ["Embeddings:OpenAI:Endpoint"] = _server.BaseUrl,
            ["Embeddings:OpenAI:Model"] = "bge-m3",
            ["Embeddings:OpenAI:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Embeddings:OpenAI:Retries"] = "2",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddIngestion();
        return services.BuildServiceProvider();
    }

    private string Seeds(params string[] files)
    {
        var folder = _temp.Sub("seeds");
        foreach (var f in files) File.Copy(TestPaths.SeedFile(f), Path.Combine(folder, f), overwrite: true);
        return folder;
    }

    [Fact]
    public async Task OpenAi_IngestAndDenseSearch_UseTheEndpointsVectors()
    {
        var seeds = Seeds("a05-qd-2020-sanmin-hutai.txt", "d03-qd-2022-fuji-xiuyu-notice.txt", "a20-qd-2021-desalination-alliance.txt");
        using var services = Services(_temp.Sub("index"), seeds);
        await services.GetRequiredService<IngestionPipeline>().RunAsync(seeds);
        var index = services.GetRequiredService<PolicyIndex>();
        Assert.StartsWith("openai:", index.CommittedEmbeddingModel);
        Assert.True(_server.Requests > 0);

        var searcher = services.GetRequiredService<PassageSearcher>();
        var hits = searcher.Search(new SearchRequest("海水淡化规模", new SearchFilters(), 3), SearchModes.Dense);
        Assert.Equal("dense", hits.Mode);
        Assert.Equal("a20-qd-2021-desalination-alliance.txt", hits.Results[0].File);
    }

    [Fact]
    public async Task OpenAi_TransientFailures_AreRetried()
    {
        using var services = Services(_temp.Sub("index"), _temp.Sub("empty"));
        var embeddings = services.GetRequiredService<EmbeddingService>();
        _server.FailNext(2);
        var before = _server.Requests;
        var vectors = await embeddings.EmbedAsync(["海洋牧场", "浒苔"]);
        Assert.Equal(2, vectors.Length);
        Assert.Equal(FakeOpenAiServer.Dimensions, vectors[0].Length);
        Assert.Equal(before + 3, _server.Requests);
    }

    [Fact]
    public async Task OpenAi_ServerTooSlow_HybridFallsBackToKeywordsAndSaysSo()
    {
        var seeds = Seeds("a05-qd-2020-sanmin-hutai.txt", "a20-qd-2021-desalination-alliance.txt");
        var indexPath = _temp.Sub("index");
        using (var services = Services(indexPath, seeds))
        {
            await services.GetRequiredService<IngestionPipeline>().RunAsync(seeds);
        }
        using var slow = Services(indexPath, seeds, timeoutSeconds: 1);
        _server.Delay = TimeSpan.FromSeconds(5);
        var response = slow.GetRequiredService<PassageSearcher>().Search(new SearchRequest("海水淡化", new SearchFilters(), 3));
        Assert.Equal("bm25", response.Mode);
        Assert.NotEmpty(response.Results);
    }

    [Fact]
    public async Task ModelChange_ReembedsEverythingAndNeverMixesVectors()
    {
        var seeds = Seeds("a05-qd-2020-sanmin-hutai.txt", "a20-qd-2021-desalination-alliance.txt", "b09-qd-desalination-subsidy-2023.txt");
        var indexPath = _temp.Sub("index");
        string localModel;
        using (var index = new PolicyIndex(indexPath))
        using (var local = new EmbeddingService(new EmbeddingOptions(), indexPath))
        {
            await new IngestionPipeline(index, Options.Create(new IngestionOptions()), null, local).RunAsync(seeds);
            localModel = index.CommittedEmbeddingModel!;
            Assert.StartsWith(LocalLsaModel.Version, localModel);
            Assert.True(index.VectorMemory(localModel) > 0);
        }
        using var services = Services(indexPath, seeds);
        var summary = await services.GetRequiredService<IngestionPipeline>().RunAsync(seeds);
        Assert.Equal(3, summary.Unchanged);
        var reopened = services.GetRequiredService<PolicyIndex>();
        var openAiModel = reopened.CommittedEmbeddingModel!;
        Assert.StartsWith("openai:", openAiModel);
        Assert.Equal(0, reopened.VectorMemory(localModel));
        Assert.True(reopened.VectorMemory(openAiModel) > 0);
        var hits = services.GetRequiredService<PassageSearcher>().Search(new SearchRequest("海水淡化项目奖补", new SearchFilters(), 2), SearchModes.Dense);
        Assert.Equal("b09-qd-desalination-subsidy-2023.txt", hits.Results[0].File);
    }
}
