using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Embeddings;
using PolicySearch.Tests;

namespace PolicySearch.Retrieval.Tests;

/// <summary>One index of every document in seeds/, built once for the search tests.</summary>
public sealed class SeedIndexFixture : IDisposable
{
    private readonly SeedIndex _seeds = new();

    public PolicyIndex Index => _seeds.Index;
    public EmbeddingService Embeddings => _seeds.Embeddings;
    public PassageSearcher Searcher => _seeds.Searcher;
    public IngestionSummary Summary => _seeds.Summary;

    public IReadOnlyList<SearchHit> Search(string query, SearchFilters? filters = null, int top = 10, string? mode = null) =>
        Searcher.Search(new SearchRequest(query, filters ?? new SearchFilters(), top), mode).Results;

    public void Dispose() => _seeds.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SeedIndexCollection : ICollectionFixture<SeedIndexFixture>
{
    public const string Name = "seed index";
}
