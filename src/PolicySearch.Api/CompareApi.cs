using Microsoft.AspNetCore.Http.HttpResults;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

/// <summary>The body of POST /api/compare.</summary>
public sealed record CompareBody(string? Question, int[]? Years, string? Agency, string? Type, bool? Chart);

/// <summary>A comparison as the API returns it: with the chart's SVG when asked for.</summary>
public sealed record ComparisonResponse(string Question, IReadOnlyList<YearAnswer> Years, string Mode, string? Chart);

public static class CompareApi
{
    public static RouteGroupBuilder MapCompareApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/compare").WithTags("Compare");
        group.MapPost("/", Compare)
            .WithSummary("The same question answered separately for each year, with the figures of each year's answer")
            .WithDescription("A year's cell only holds a statement about that year (from that year's documents or later reports looking back), or 未找到. chart=true adds an SVG chart of the figures.");
        return group;
    }

    public static async Task<Results<Ok<ComparisonResponse>, ValidationProblem, ProblemHttpResult>> Compare(YearComparer comparer, CompareBody body,
        Microsoft.Extensions.Options.IOptions<SecurityOptions> security, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Question)) errors["question"] = ["The question is empty."];
        else if (body.Question.Length > SearchApi.MaxQueryLength) errors["question"] = [$"The question is longer than {SearchApi.MaxQueryLength} characters."];
        if (body.Years is null || body.Years.Length == 0) errors["years"] = ["Give at least one year, e.g. [2022, 2023, 2024]."];
        else if (body.Years.Distinct().Count() > YearComparer.MaxYears) errors["years"] = [$"At most {YearComparer.MaxYears} years."];
        else if (body.Years.Any(y => y is < SearchApi.MinYear or > SearchApi.MaxYear)) errors["years"] = [$"Years must be between {SearchApi.MinYear} and {SearchApi.MaxYear}."];
        SearchApi.ValidateFilterText(errors, body.Agency, body.Type);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var seconds = security.Value.RequestTimeoutSeconds;
        Comparison comparison;
        try
        {
            comparison = await comparer.CompareAsync(new CompareRequest(body.Question!, body.Years!, new SearchFilters(Agency: body.Agency, DocType: body.Type)),
                cancellationToken, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null);
        }
        catch (TimeoutException)
        {
            return ProtectionSetup.TookTooLong(seconds);
        }
        return TypedResults.Ok(new ComparisonResponse(comparison.Question, comparison.Years, comparison.Mode,
            body.Chart == true ? ComparisonChart.Svg(comparison) : null));
    }
}
