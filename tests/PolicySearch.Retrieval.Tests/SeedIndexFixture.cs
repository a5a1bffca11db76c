using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Tests;

namespace PolicySearch.Retrieval.Tests;

/// <summary>One index of every document in seeds/, built once for the search tests.</summary>
public sealed class SeedIndexFixture : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-seedindex-");

    public SeedIndexFixture()
    {
        Index = new PolicyIndex(_temp.Sub("index"));
        Summary = new IngestionPipeline(Index, Options.Create(new IngestionOptions())).RunAsync(TestPaths.Seeds).GetAwaiter().GetResult();
        Searcher = new PassageSearcher(Index, Options.Create(new RankingOptions()));
    }

    public PolicyIndex Index { get; }
    public PassageSearcher Searcher { get; }
    public IngestionSummary Summary { get; }

    public IReadOnlyList<SearchHit> Search(string query, SearchFilters? filters = null, int top = 10) =>
        Searcher.Search(new SearchRequest(query, filters ?? new SearchFilters(), top)).Results;

    public void Dispose()
    {
        Index.Dispose();
        _temp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SeedIndexCollection : ICollectionFixture<SeedIndexFixture>
{
    public const string Name = "seed index";
}
