using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Answers one question for each of several years, side by side. A year's cell only ever holds a statement about
/// that year (or 未找到), with the figures in it normalised so that a trend can be drawn.
/// </summary>
public sealed class YearComparer(AnswerService answers)
{
    public const int MaxYears = 20;

    /// <param name="budget">
    /// How long the comparison may take: past it, the next year is not started and a <see cref="TimeoutException"/>
    /// is thrown. Read from the clock at each year, so it holds however late a cancellation timer would fire.
    /// </param>
    public async Task<Comparison> CompareAsync(CompareRequest request, CancellationToken cancellationToken = default, TimeSpan? budget = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var question = QuestionYears.Strip(request.Question);
        var cells = new List<YearAnswer>();
        foreach (var year in request.Years.Distinct().Order())
        {
            // A request past its time budget stops here (the server answers 503) rather than run on for every year.
            cancellationToken.ThrowIfCancellationRequested();
            if (budget is { } limit && System.Diagnostics.Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"The comparison ran past its budget of {limit.TotalSeconds:0.###} s after {cells.Count} of {request.Years.Distinct().Count()} years.");
            }
            var answer = await answers.AnswerForYearAsync(question, year, request.Filters, cancellationToken);
            cells.Add(Cell(question, year, answer));
        }
        var mode = cells.Select(c => c.Mode).Distinct().Count() == 1 ? cells[0].Mode : AnswerService.Mixed;
        return new Comparison(request.Question, cells, cells.Count == 0 ? ExtractiveAnswerer.Mode : mode);
    }

    private static YearAnswer Cell(string question, int year, Answer answer)
    {
        if (answer.Abstained)
        {
            return new YearAnswer(year, "未找到", true, answer.Mode, [], [], null, null, null, null, null) { Confidence = answer.Confidence };
        }
        var figures = answer.Citations.SelectMany(c => FigureExtractor.Extract(c.Quote)).ToList();
        var source = answer.Citations[0];
        return new YearAnswer(year, answer.AnswerText, false, answer.Mode, answer.Citations, figures,
            FigureExtractor.Primary(question, figures), source.DocumentId, source.Title, source.Date, source.File) { Confidence = answer.Confidence };
    }
}
