using Microsoft.Extensions.DependencyInjection;
using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Where the API and the CLI ask: the extractive answer always (offline, and the fallback), the generative one
/// when a chat model is configured and its answer passes the citation check. Every answer says which mode made
/// it, and a fallback says why.
/// </summary>
public sealed class AnswerService(ExtractiveAnswerer extractive, IServiceProvider services)
{
    public const string Mixed = "mixed";

    private readonly GenerativeAnswerer? _generative = services.GetService<GenerativeAnswerer>();

    private readonly AuditLog? _audit = services.GetService<AuditLog>();

    public string DefaultMode => _generative is null ? ExtractiveAnswerer.Mode : GenerativeAnswerer.Mode;

    private readonly Retrieval.Lifecycle.DocumentLifecycle? _clock = services.GetService<Retrieval.Lifecycle.DocumentLifecycle>();

    /// <summary>The day questions are asked on (Lifecycle:AsOf, default today): what 今年 and 去年 count from.</summary>
    public DateOnly Today => _clock?.AsOf ?? DateOnly.FromDateTime(DateTime.Now);

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken = default)
    {
        var answer = await AnswerAsync(request, cancellationToken);
        _audit?.Record("ask", request.Question, answer.Citations.Select(c => c.DocumentId), answer.Abstained ? "abstained" : answer.Mode);
        return answer;
    }

    private async Task<Answer> AnswerAsync(AskRequest request, CancellationToken cancellationToken)
    {
        // A follow-up read against the conversation (2021年呢？ → 2021年山东海洋灾害…), then its relative years written out.
        var followed = request.History.Count > 0 ? FollowUp.Resolve(request.Question, request.History) : null;
        var resolved = RelativeYears.Resolve(followed ?? request.Question, Today) ?? followed;
        if (resolved is null) return await WithModelAsync(extractive.Ask(request), request.Question, year: null, cancellationToken);
        var answer = await WithModelAsync(extractive.Ask(request with { Question = resolved }), resolved, year: null, cancellationToken);
        return answer with { Question = request.Question, ResolvedQuestion = resolved };
    }

    public async Task<Answer> AnswerForYearAsync(string question, int year, SearchFilters filters, CancellationToken cancellationToken = default)
    {
        var answer = await WithModelAsync(extractive.AnswerForYear(question, year, filters), $"{year}年{question}", year, cancellationToken);
        _audit?.Record("compare", $"{year}: {question}", answer.Citations.Select(c => c.DocumentId), answer.Abstained ? "abstained" : answer.Mode);
        return answer;
    }

    private async Task<Answer> WithModelAsync(Answer baseline, string question, int? year, CancellationToken cancellationToken)
    {
        if (_generative is null || baseline.Passages.Count == 0) return baseline;
        var (answer, failure) = await _generative.TryAnswerAsync(question, baseline.Passages, cancellationToken);
        if (answer is not null && year is { } y && !answer.Abstained && !answer.Citations.All(c => AboutYear(c, y, baseline.Passages)))
        {
            (answer, failure) = (null, $"the model's answer cites a statement that is not about {y}");
        }
        return answer ?? baseline with { Fallback = failure };
    }

    private bool AboutYear(Citation citation, int year, IReadOnlyList<SearchHit> passages) =>
        passages.FirstOrDefault(p => p.PassageId == citation.PassageId) is { } passage && extractive.YearOf(citation, passage) == year;
}
