using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicySearch.Retrieval.Embeddings;

namespace PolicySearch.Retrieval;

/// <summary>The search modes a caller can ask for; the default is the best measured (see README).</summary>
public static class SearchModes
{
    public const string Bm25 = "bm25";
    public const string Dense = "dense";
    public const string Hybrid = "hybrid";

    public static readonly IReadOnlyList<string> All = [Bm25, Dense, Hybrid];
}

public sealed class SearchModeUnavailableException(string mode, string reason)
    : Exception($"Search mode '{mode}' is not available: {reason}")
{
    public string Mode { get; } = mode;
}

/// <summary>
/// Ranked passages for user text. bm25: keyword candidates; dense: the nearest passage vectors; hybrid: both lists
/// fused by reciprocal rank. Every mode is then reranked by the question's years and places and by how well one
/// sentence covers the question, paged and highlighted.
/// </summary>
public sealed class PassageSearcher(
    PolicyIndex index,
    IOptions<RankingOptions> options,
    EmbeddingService? embeddings = null,
    Microsoft.Extensions.Logging.ILogger<PassageSearcher>? logger = null,
    Lifecycle.DocumentLifecycle? lifecycle = null)
{
    private readonly ContextReranker _reranker = new(options.Value);

    public string DefaultMode => options.Value.DefaultMode is SearchModes.Bm25 || !DenseAvailable ? SearchModes.Bm25 : options.Value.DefaultMode;

    public bool DenseAvailable => embeddings is { Enabled: true, IsReady: true };

    public IReadOnlyList<string> AvailableModes => DenseAvailable ? SearchModes.All : [SearchModes.Bm25];

    public SearchResponse Search(SearchRequest request, string? mode = null)
    {
        mode = string.IsNullOrWhiteSpace(mode) ? DefaultMode : mode.Trim().ToLowerInvariant();
        if (!SearchModes.All.Contains(mode)) throw new SearchModeUnavailableException(mode, $"the modes are {string.Join(", ", SearchModes.All)}.");
        if (mode != SearchModes.Bm25 && !DenseAvailable)
        {
            throw new SearchModeUnavailableException(mode, embeddings is { Enabled: true }
                ? "no embedding model is ready yet (the local model is fitted by the first ingest)."
                : "embeddings are turned off (Embeddings:Provider is none).");
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = Rank(request, mode);
        PolicySearchMetrics.Searches.Add(1, new KeyValuePair<string, object?>("mode", response.Mode));
        PolicySearchMetrics.SearchDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("mode", response.Mode));
        return response;
    }

    /// <summary>
    /// The deepest rank a request can reach (skip + top): candidate pools grow with paging up to here and no further,
    /// so one request's work is bounded whatever page it asks for.
    /// </summary>
    public const int MaxResultWindow = 1000;

    private SearchResponse Rank(SearchRequest request, string mode)
    {
        if (request.Top < 1 || request.Skip < 0 || (long)request.Skip + request.Top > MaxResultWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"skip + top must be between 1 and {MaxResultWindow}.");
        }
        request = request with { Filters = Resolved(request.Filters) };
        // Grouped by document (the page), the search reads deeper, so that its counts and facets stand for more than
        // the first screen; a passage list reads as deep as it always did, so its ranking is unchanged.
        var pool = Math.Max(request.GroupByDocument ? 3 * options.Value.CandidatePool : options.Value.CandidatePool, request.Skip + request.Top);
        (int, IReadOnlyList<PassageCandidate>) found;
        if (mode == SearchModes.Bm25)
        {
            found = Keyword(request, pool);
        }
        else if (mode == SearchModes.Dense)
        {
            found = Dense(request, pool);
        }
        else
        {
            // The two legs are independent: the vector scan runs on another core while the keywords are scored here.
            var dense = Task.Run(() => Dense(request, pool));
            var keyword = Keyword(request, pool);
            try
            {
                found = Fuse(keyword, dense.GetAwaiter().GetResult());
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException or OperationCanceledException
                                       or System.ClientModel.ClientResultException or Polly.Timeout.TimeoutRejectedException
                                       or Polly.CircuitBreaker.BrokenCircuitException)
            {
                // The embedding endpoint is down or slow: answer from the keywords, and say so in the mode.
                logger?.LogWarning("Embedding the query failed ({Message}); answering with bm25 only", ex.Message);
                found = keyword;
                mode = SearchModes.Bm25;
            }
        }
        var (total, candidates) = found;
        // A query naming a 文号 finds that document first, whatever else its words match.
        var named = NamedDocuments(request);
        if (named.Count > 0)
        {
            var own = index.Retrieve(request.Query, request.Filters with { DocumentIds = named }, pool).Candidates;
            var seen = own.Select(c => c.PassageId).ToHashSet();
            candidates = [.. own, .. candidates.Where(c => !seen.Contains(c.PassageId))];
            total = Math.Max(total, candidates.Count);
        }
        string? notice = null;
        var capped = candidates.Count >= pool;
        if (request.MeaningfulOnly)
        {
            var units = index.QueryUnits(request.Query);
            if (units.Count == 0) notice = "no-words";
            candidates = candidates.Where(c => named.Contains(c.DocumentId) || Holds(c, units)).ToList();
            total = candidates.Count;
        }
        var stage = System.Diagnostics.Stopwatch.GetTimestamp();
        var ranked = _reranker.Rerank(candidates, QueryContext.Of(request.Query), request.Query);
        if (named.Count > 0) ranked = [.. ranked.Where(r => named.Contains(r.Candidate.DocumentId)), .. ranked.Where(r => !named.Contains(r.Candidate.DocumentId))];
        PolicySearchMetrics.RecordStage("rerank", stage);
        stage = System.Diagnostics.Stopwatch.GetTimestamp();
        var terms = index.QueryTerms(request.Query);
        // Grouped: each document once, at the rank of its best passage, with how many more of its passages matched.
        var shown = request.GroupByDocument
            ? ranked.GroupBy(r => r.Candidate.DocumentId).Select(g => (Best: g.First(), More: g.Count() - 1)).ToList()
            : ranked.Select(r => (Best: r, More: -1)).ToList();
        if (request.GroupByDocument) total = shown.Count;
        var hits = shown
            .Skip(request.Skip)
            .Take(request.Top)
            .Select((r, i) => ToHit(r.Best.Candidate, request.Skip + i + 1, r.Best.Score, terms) with { More = r.More >= 0 ? r.More : null })
            .ToList();
        PolicySearchMetrics.RecordStage("highlight", stage);
        return new SearchResponse(total, hits, mode)
        {
            Facets = request.WithFacets ? FacetsOf(ranked.Select(r => r.Candidate)) : null,
            Notice = notice,
            Capped = capped && total > 0,
        };
    }

    /// <summary>Whether a passage (its text or its document's title) holds one of the query's units.</summary>
    private static bool Holds(PassageCandidate candidate, IReadOnlyList<string> units)
    {
        // The candidate's folded title and text, folded once when it was read.
        return units.Any(u => candidate.FoldedTitle.Contains(u, StringComparison.Ordinal) || candidate.Folded.Contains(u, StringComparison.Ordinal));
    }

    /// <summary>The documents among the candidates, counted by year, issuer, kind and status (most first, then by value).</summary>
    private Facets FacetsOf(IEnumerable<PassageCandidate> candidates)
    {
        var documents = candidates.DistinctBy(c => c.DocumentId).ToList();
        var lifecycles = documents.ToDictionary(d => d.DocumentId, d => lifecycle?.Of(d.DocumentId) ?? Lifecycle.LifecycleView.Unknown);
        static IReadOnlyList<FacetValue> Count(IEnumerable<string?> values) => values
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .GroupBy(v => v!)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
            .ToList();
        return new Facets(
            Count(documents.Select(d => d.Year > 0 ? d.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)),
            // In one script: 青島市海洋發展局 and 青岛市海洋发展局 are one issuer (the agency filter matches both).
            Count(documents.Select(d => lifecycles[d.DocumentId].Issuer ?? (d.Agency.Length > 0 ? d.Agency : null)).Select(v => v is null ? null : ScriptNormalizer.Fold(v))),
            Count(documents.Select(d => d.DocType)),
            Count(documents.Select(d => lifecycles[d.DocumentId].Status)));
    }

    /// <summary>Status and 文号 filters as the documents they come to (as of Lifecycle:AsOf, recomputed each time).</summary>
    private SearchFilters Resolved(SearchFilters filters)
    {
        if (filters.Status is null && filters.DocNumber is null) return filters;
        IEnumerable<string>? ids = filters.DocumentIds;
        if (filters.Status is { } status)
        {
            var withStatus = lifecycle?.WithStatus(status.Trim()) ?? new HashSet<string>();
            ids = ids is null ? withStatus : ids.Where(withStatus.Contains);
        }
        if (filters.DocNumber is { } number)
        {
            var asked = Lifecycle.LifecycleText.ParseDocNumber(number);
            var withNumber = asked is null || lifecycle is null ? [] : lifecycle.WithDocNumber(asked).ToHashSet();
            ids = ids is null ? withNumber : ids.Where(withNumber.Contains);
        }
        return filters with { DocumentIds = ids!.ToHashSet() };
    }

    /// <summary>The indexed documents whose 文号 the query names (within the request's filters).</summary>
    private HashSet<string> NamedDocuments(SearchRequest request)
    {
        if (lifecycle is null) return [];
        var numbers = Lifecycle.LifecycleText.DocNumbers(ScriptNormalizer.Fold(request.Query));
        var named = numbers.SelectMany(lifecycle.WithDocNumber).ToHashSet();
        if (request.Filters.DocumentIds is { } allowed) named.IntersectWith(allowed);
        return named;
    }

    private (int, IReadOnlyList<PassageCandidate>) Keyword(SearchRequest request, int pool)
    {
        var stage = System.Diagnostics.Stopwatch.GetTimestamp();
        var set = index.Retrieve(request.Query, request.Filters, pool);
        PolicySearchMetrics.RecordStage("keyword", stage);
        return (set.Total, set.Candidates);
    }

    private (int, IReadOnlyList<PassageCandidate>) Dense(SearchRequest request, int pool)
    {
        var stage = System.Diagnostics.Stopwatch.GetTimestamp();
        var vector = embeddings!.EmbedQuery(request.Query);
        PolicySearchMetrics.RecordStage("embed-query", stage);
        stage = System.Diagnostics.Stopwatch.GetTimestamp();
        var set = index.DenseRetrieve(vector, embeddings.ModelId!, request.Filters, pool);
        PolicySearchMetrics.RecordStage("dense-scan", stage);
        // Only passages the query vector points towards: a query with nothing the model knows (punctuation) finds nothing.
        var near = set.Candidates.Where(c => c.Score > 0).ToList();
        return (near.Count, near);
    }

    internal (int, IReadOnlyList<PassageCandidate>) Fuse((int Total, IReadOnlyList<PassageCandidate> List) keyword, (int Total, IReadOnlyList<PassageCandidate> List) dense) =>
        options.Value.Fusion == "rrf" ? ReciprocalRankFusion(keyword, dense) : ScoreFusion(keyword, dense);

    /// <summary>
    /// Normalised score fusion: each list's scores divided by its best score, summed with the lists' weights. A
    /// passage missing from a list scored below that list's last, so it gets a share of the last's score from it
    /// (<see cref="RankingOptions.MissingShare"/>). Unlike ranks, scores keep how far ahead the leader is.
    /// </summary>
    internal (int, IReadOnlyList<PassageCandidate>) ScoreFusion((int Total, IReadOnlyList<PassageCandidate> List) keyword, (int Total, IReadOnlyList<PassageCandidate> List) dense)
    {
        var fused = new Dictionary<string, (PassageCandidate Candidate, double Score)>();
        var lists = new[] { (keyword.List, options.Value.KeywordWeight), (dense.List, options.Value.DenseWeight) };
        foreach (var (list, weight) in lists)
        {
            if (list.Count == 0) continue;
            var top = Math.Max(1e-6, list.Max(c => c.Score));
            foreach (var c in list)
            {
                var s = weight * c.Score / top;
                fused[c.PassageId] = fused.TryGetValue(c.PassageId, out var existing) ? (existing.Candidate, existing.Score + s) : (c, s);
            }
        }
        foreach (var (list, weight) in lists)
        {
            if (list.Count == 0 || options.Value.MissingShare <= 0) continue;
            var floor = options.Value.MissingShare * weight * list.Min(c => c.Score) / Math.Max(1e-6, list.Max(c => c.Score));
            var present = list.Select(c => c.PassageId).ToHashSet();
            foreach (var id in fused.Keys.Where(id => !present.Contains(id)).ToList()) fused[id] = (fused[id].Candidate, fused[id].Score + floor);
        }
        var candidates = fused.Values.OrderByDescending(x => x.Score).Select(x => x.Candidate with { Score = (float)x.Score }).ToList();
        return (Math.Max(keyword.Total, candidates.Count), candidates);
    }

    /// <summary>Reciprocal rank fusion: score = Σ weight / (k + rank) over the lists a passage appears in.</summary>
    internal (int, IReadOnlyList<PassageCandidate>) ReciprocalRankFusion((int Total, IReadOnlyList<PassageCandidate> List) keyword, (int Total, IReadOnlyList<PassageCandidate> List) dense)
    {
        var k = options.Value.RrfK;
        var fused = new Dictionary<string, (PassageCandidate Candidate, double Score)>();
        void Add(IReadOnlyList<PassageCandidate> list, double weight)
        {
            for (var rank = 0; rank < list.Count; rank++)
            {
                var c = list[rank];
                var s = weight / (k + rank + 1);
                fused[c.PassageId] = fused.TryGetValue(c.PassageId, out var existing) ? (existing.Candidate, existing.Score + s) : (c, s);
            }
        }
        Add(keyword.List, options.Value.KeywordWeight);
        Add(dense.List, options.Value.DenseWeight);
        var candidates = fused.Values.OrderByDescending(x => x.Score).Select(x => x.Candidate with { Score = (float)(x.Score * 1000) }).ToList();
        return (Math.Max(keyword.Total, candidates.Count), candidates);
    }

    private SearchHit ToHit(PassageCandidate c, int rank, double score, HighlightTerms terms) => new(
        rank, (float)score, c.PassageId, c.DocumentId, c.File, c.Title, c.Agency, c.Date, c.Year, c.DocType, c.Start, c.End, c.Text,
        index.Highlight(c.Text, terms)) { Places = c.Places, Page = c.Page, PageBreaks = c.PageBreaks, Ocr = c.Ocr ? true : null, HeadingPath = c.HeadingPath.Count > 0 ? c.HeadingPath : null,
        Lifecycle = lifecycle?.Of(c.DocumentId) ?? Lifecycle.LifecycleView.Unknown };
}
