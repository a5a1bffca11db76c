using Microsoft.Extensions.Options;

namespace PolicySearch.Retrieval;

/// <summary>The search modes a caller can ask for; the default is the best measured.</summary>
public static class SearchModes
{
    public const string Bm25 = "bm25";
    public const string Dense = "dense";
    public const string Hybrid = "hybrid";
    public const string Default = Bm25;

    public static readonly IReadOnlyList<string> All = [Bm25, Dense, Hybrid];
    public static readonly IReadOnlyList<string> Available = [Bm25];
}

public sealed class SearchModeUnavailableException(string mode)
    : Exception($"Search mode '{mode}' is not available yet; available: {string.Join(", ", SearchModes.Available)}.")
{
    public string Mode { get; } = mode;
}

/// <summary>Ranked passages for user text: keyword candidates, reranked by the question's years and places, paged and highlighted.</summary>
public sealed class PassageSearcher(PolicyIndex index, IOptions<RankingOptions> options)
{
    private readonly ContextReranker _reranker = new(options.Value);

    public SearchResponse Search(SearchRequest request, string? mode = null)
    {
        mode = string.IsNullOrWhiteSpace(mode) ? SearchModes.Default : mode.Trim().ToLowerInvariant();
        if (!SearchModes.Available.Contains(mode)) throw new SearchModeUnavailableException(mode);
        var pool = Math.Max(options.Value.CandidatePool, request.Skip + request.Top);
        var candidates = index.Retrieve(request.Query, request.Filters, pool);
        var ranked = _reranker.Rerank(candidates.Candidates, QueryContext.Of(request.Query), request.Query);
        var terms = index.QueryTerms(request.Query);
        var hits = ranked
            .Skip(request.Skip)
            .Take(request.Top)
            .Select((r, i) => ToHit(r.Candidate, request.Skip + i + 1, r.Score, terms))
            .ToList();
        return new SearchResponse(candidates.Total, hits, mode);
    }

    private SearchHit ToHit(PassageCandidate c, int rank, double score, HighlightTerms terms) => new(
        rank, (float)score, c.PassageId, c.DocumentId, c.File, c.Title, c.Agency, c.Date, c.Year, c.DocType, c.Start, c.End, c.Text,
        index.Highlight(c.Text, terms));
}
