using Microsoft.AspNetCore.Http.HttpResults;
using PolicySearch.Answering;
using PolicySearch.Retrieval;

namespace PolicySearch.Api;

/// <summary>The body of POST /api/ask.</summary>
public sealed record AskBody(string? Question, int? Year, int? From, int? To, string? Agency, string? Type, IReadOnlyList<TurnBody?>? History = null);

/// <summary>An earlier turn of the conversation, as a chat front end sends it.</summary>
public sealed record TurnBody(string? Question, string? Answer);

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
        ValidateHistory(errors, body.History);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var answer = await answerer.AskAsync(new AskRequest(body.Question!, new SearchFilters(body.Year, body.From, body.To, body.Agency, body.Type))
        {
            History = body.History?.Select(t => new Turn(t!.Question!, t.Answer)).ToList() ?? [],
        }, cancellationToken);
        return TypedResults.Ok(answer);
    }

    /// <summary>Turns a conversation may carry, and how long an earlier answer may be.</summary>
    public const int MaxHistoryTurns = 20;
    public const int MaxHistoryAnswerLength = 4000;

    internal static void ValidateHistory(Dictionary<string, string[]> errors, IReadOnlyList<TurnBody?>? history)
    {
        if (history is null) return;
        if (history.Count > MaxHistoryTurns) errors["history"] = [$"history holds more than {MaxHistoryTurns} turns."];
        else if (history.Any(t => t is null || string.IsNullOrWhiteSpace(t.Question))) errors["history"] = ["Every turn of history needs its question."];
        else if (history.Any(t => t!.Question!.Length > SearchApi.MaxQueryLength)) errors["history"] = [$"A question in history is longer than {SearchApi.MaxQueryLength} characters."];
        else if (history.Any(t => t!.Answer?.Length > MaxHistoryAnswerLength)) errors["history"] = [$"An answer in history is longer than {MaxHistoryAnswerLength} characters."];
    }
}
