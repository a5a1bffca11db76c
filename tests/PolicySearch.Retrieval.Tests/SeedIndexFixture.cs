using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Embeddings;
using PolicySearch.Tests;

namespace PolicySearch.Retrieval.Tests;

/// <summary>One index of every document in seeds/, built once for the search tests.</summary>
public sealed class SeedIndexFixture : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-seedindex-");

    public SeedIndexFixture()
    {
        var path = _temp.Sub("index");
        Index = new PolicyIndex(path);
        Embeddings = new EmbeddingService(new EmbeddingOptions(), path);
        Summary = new IngestionPipeline(Index, Options.Create(new IngestionOptions()), null, Embeddings).RunAsync(TestPaths.Seeds).GetAwaiter().GetResult();
        Searcher = new PassageSearcher(Index, Options.Create(new RankingOptions()), Embeddings);
    }

    public PolicyIndex Index { get; }
    public EmbeddingService Embeddings { get; }
    public PassageSearcher Searcher { get; }
    public IngestionSummary Summary { get; }

    public IReadOnlyList<SearchHit> Search(string query, SearchFilters? filters = null, int top = 10, string? mode = null) =>
        Searcher.Search(new SearchRequest(query, filters ?? new SearchFilters(), top), mode).Results;

    public void Dispose()
    {
        Index.Dispose();
        Embeddings.Dispose();
        _temp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SeedIndexCollection : ICollectionFixture<SeedIndexFixture>
{
    public const string Name = "seed index";
}
