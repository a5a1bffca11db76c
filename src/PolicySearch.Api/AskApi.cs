using Microsoft.AspNetCore.Http.HttpResults;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

/// <summary>The body of POST /api/ask.</summary>
public sealed record AskBody(string? Question, int? Year, int? From, int? To, string? Agency, string? Type);

public static class AskApi
{
    public static RouteGroupBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ask").WithTags("Ask");
        group.MapPost("/", Ask)
            .WithSummary("A short answer with citations (exact quotes and their offsets in the cited documents), or an honest abstention");
        return group;
    }

    public static async Task<Results<Ok<Answer>, ValidationProblem>> Ask(AnswerService answerer, AskBody body, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Question)) errors["question"] = ["The question is empty."];
        else if (body.Question.Length > SearchApi.MaxQueryLength) errors["question"] = [$"The question is longer than {SearchApi.MaxQueryLength} characters."];
        SearchApi.ValidateYear(errors, "year", body.Year);
        SearchApi.ValidateYear(errors, "from", body.From);
        SearchApi.ValidateYear(errors, "to", body.To);
        if (body.From > body.To) errors["from"] = ["from is after to."];
        SearchApi.ValidateFilterText(errors, body.Agency, body.Type);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var answer = await answerer.AskAsync(new AskRequest(body.Question!, new SearchFilters(body.Year, body.From, body.To, body.Agency, body.Type)), cancellationToken);
        return TypedResults.Ok(answer);
    }
}
