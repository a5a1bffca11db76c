using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

/// <summary>A page of search results, as the API returns it.</summary>
public sealed record SearchPage(string Query, int Total, int Page, int Size, string Mode, double TookMs, IReadOnlyList<SearchHit> Results)
{
    /// <summary><c>document</c> when each result is a document (its best passage, with <c>more</c>); otherwise passages.</summary>
    public string? Group { get; init; }

    /// <summary>True when more than <see cref="Total"/> may match (the ranking read its deepest candidates).</summary>
    public bool? AtLeast { get; init; }

    public Facets? Facets { get; init; }

    /// <summary><c>no-words</c>: the query has nothing to look for (only words like 的, 了).</summary>
    public string? Notice { get; init; }

    /// <summary>With no results: other searches that do find something (without the filters, a variant).</summary>
    public IReadOnlyList<Suggestion>? Suggestions { get; init; }
}

/// <param name="Kind"><c>drop-filters</c> or <c>variant</c>.</param>
/// <param name="Query">The query to search for instead (the same one for drop-filters).</param>
/// <param name="Total">How many results it finds.</param>
public sealed record Suggestion(string Kind, string Query, int Total);

public static class SearchApi
{
    public const int MaxQueryLength = 500;
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 10;
    public const int MaxAgencyLength = 200;
    public const int MaxTypeLength = 50;
    public const int MinYear = 1900;
    public const int MaxYear = 2100;

    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/search").WithTags("Search");
        group.MapGet("/", Search)
            .WithSummary("Ranked passages for a query, with highlighted snippets")
            .WithDescription("Plain text only: Lucene syntax in q is treated as text. Filters: year, from/to (years), agency (substring), type, status (现行有效/已失效/已废止/尚未施行 as of Lifecycle:AsOf), docNumber (发文字号).");
        return group;
    }

    public static Results<Ok<SearchPage>, ValidationProblem> Search(
        PassageSearcher searcher,
        PolicySearch.Answering.AuditLog audit,
        string? q,
        int? year,
        int? from,
        int? to,
        string? agency,
        string? type,
        string? mode,
        int? page,
        int? size,
        string? status = null,
        string? docNumber = null,
        string? group = null,
        bool? facets = null,
        string? yearOf = null,
        string? documentId = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q)) errors["q"] = ["The query is empty."];
        else if (q.Length > MaxQueryLength) errors["q"] = [$"The query is longer than {MaxQueryLength} characters."];
        ValidateYear(errors, "year", year);
        ValidateYear(errors, "from", from);
        ValidateYear(errors, "to", to);
        if (from > to) errors["from"] = ["from is after to."];
        if (page is < 1) errors["page"] = ["page starts at 1."];
        if (size is < 1 or > MaxPageSize) errors["size"] = [$"size must be between 1 and {MaxPageSize}."];
        else if (page is >= 1 && (long)page.Value * (size ?? DefaultPageSize) > PassageSearcher.MaxResultWindow)
        {
            errors["page"] = [$"Results go no deeper than rank {PassageSearcher.MaxResultWindow}: page × size must be at most {PassageSearcher.MaxResultWindow}."];
        }
        ValidateFilterText(errors, agency, type);
        ValidateLifecycle(errors, status, docNumber);
        if (group is not null && group is not ("document" or "passage")) errors["group"] = ["group must be document or passage."];
        if (yearOf is not null && !YearsOf.All.Contains(yearOf)) errors["yearOf"] = [$"yearOf must be {string.Join(" or ", YearsOf.All)}: the year a document was issued (发布年份) or a year its passages speak of (涉及年份)."];
        if (documentId is not null && !DocumentsApi.DocumentId().IsMatch(documentId)) errors["documentId"] = ["documentId is a document's 16-hex-digit id."];
        if (mode is not null && !SearchModes.All.Contains(mode.Trim().ToLowerInvariant()))
        {
            errors["mode"] = [$"mode must be one of {string.Join(", ", SearchModes.All)}."];
        }
        else if (mode is not null && !searcher.AvailableModes.Contains(mode.Trim().ToLowerInvariant()))
        {
            errors["mode"] = [$"mode '{mode}' is not available: no embedding model is ready (see /health)."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var pageNumber = page ?? 1;
        var pageSize = size ?? DefaultPageSize;
        var clock = Stopwatch.StartNew();
        var filters = new SearchFilters(year, from, to, agency, type, status?.Trim(), docNumber)
        {
            YearOf = yearOf ?? YearsOf.Published,
            DocumentIds = documentId is null ? null : new HashSet<string> { documentId },
        };
        var request = new SearchRequest(q!, filters, pageSize, (pageNumber - 1) * pageSize)
        {
            GroupByDocument = group == "document",
            MeaningfulOnly = true,
            WithFacets = facets == true,
        };
        var response = searcher.Search(request, mode);
        var suggestions = response.Total == 0 && response.Notice is null ? Suggest(searcher, request, mode) : null;
        audit.Record("search", q, response.Results.Select(r => r.DocumentId), response.Total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(new SearchPage(q!, response.Total, pageNumber, pageSize, response.Mode, clock.Elapsed.TotalMilliseconds, response.Results)
        {
            Group = request.GroupByDocument ? "document" : null,
            AtLeast = response.Capped ? true : null,
            Facets = response.Facets,
            Notice = response.Notice,
            Suggestions = suggestions,
        });
    }

    /// <summary>
    /// For a search that found nothing: the same words without the filters, and the thesaurus's variants of its
    /// terms, each kept only when it finds something. (A word alone finds nothing its query did not: any of a
    /// query's words is enough for a result.)
    /// </summary>
    private static List<Suggestion> Suggest(PassageSearcher searcher, SearchRequest request, string? mode)
    {
        var suggestions = new List<Suggestion>();
        int Count(string query, SearchFilters filters) =>
            searcher.Search(request with { Query = query, Filters = filters, Top = 1, Skip = 0, WithFacets = false }, mode).Total;
        if (request.Filters != new SearchFilters() && Count(request.Query, new SearchFilters()) is > 0 and var unfiltered)
        {
            suggestions.Add(new Suggestion("drop-filters", request.Query, unfiltered));
        }
        foreach (var (term, alternatives) in Thesaurus.Expansions(request.Query).Take(3))
        {
            foreach (var alternative in alternatives.Take(2))
            {
                var variant = request.Query.Replace(term, alternative, StringComparison.Ordinal);
                if (variant != request.Query && Count(variant, request.Filters) is > 0 and var found) suggestions.Add(new Suggestion("variant", variant, found));
            }
        }
        return suggestions;
    }

    internal static void ValidateFilterText(Dictionary<string, string[]> errors, string? agency, string? type)
    {
        if (agency?.Length > MaxAgencyLength) errors["agency"] = [$"agency is longer than {MaxAgencyLength} characters."];
        if (type?.Length > MaxTypeLength) errors["type"] = [$"type is longer than {MaxTypeLength} characters."];
    }

    public const int MaxDocNumberLength = 100;

    /// <summary>A status filter names one of the statuses; a 文号 filter is short.</summary>
    internal static void ValidateLifecycle(Dictionary<string, string[]> errors, string? status, string? docNumber)
    {
        if (status is not null && !Retrieval.Lifecycle.LifecycleText.Statuses.Contains(status.Trim()))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", Retrieval.Lifecycle.LifecycleText.Statuses)}."];
        }
        if (docNumber?.Length > MaxDocNumberLength) errors["docNumber"] = [$"docNumber is longer than {MaxDocNumberLength} characters."];
    }

    internal static void ValidateYear(Dictionary<string, string[]> errors, string field, int? year)
    {
        if (year is < MinYear or > MaxYear) errors[field] = [$"{field} must be a year between {MinYear} and {MaxYear}."];
    }
}
