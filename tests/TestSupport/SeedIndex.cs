using Microsoft.Extensions.Options;
using PolicySearch.Ingestion;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Embeddings;

namespace PolicySearch.Tests;

/// <summary>
/// An index of every document in seeds/ (or in <c>source</c>) with the default local embedding model, in a temp folder.
/// </summary>
public sealed class SeedIndex : IDisposable
{
    private readonly TempFolder _temp = new("policysearch-seedindex-");

    public SeedIndex(string? source = null)
    {
        var path = _temp.Sub("index");
        Index = new PolicyIndex(path);
        Embeddings = new EmbeddingService(new EmbeddingOptions(), path);
        Summary = new IngestionPipeline(Index, Options.Create(new IngestionOptions()), null, Embeddings).RunAsync(source ?? TestPaths.Seeds).GetAwaiter().GetResult();
        Searcher = new PassageSearcher(Index, Options.Create(new RankingOptions()), Embeddings);
    }

    public PolicyIndex Index { get; }
    public EmbeddingService Embeddings { get; }
    public IngestionSummary Summary { get; }
    public PassageSearcher Searcher { get; }

    public void Dispose()
    {
        Index.Dispose();
        Embeddings.Dispose();
        _temp.Dispose();
    }
}
