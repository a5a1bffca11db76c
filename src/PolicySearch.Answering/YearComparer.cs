using PolicySearch.Retrieval;

namespace PolicySearch.Answering;

/// <summary>
/// Answers one question for each of several years, side by side. A year's cell only ever holds a statement about
/// that year (or 未找到), with the figures in it normalised so that a trend can be drawn.
/// </summary>
public sealed class YearComparer(AnswerService answers)
{
    public const int MaxYears = 20;

    public async Task<Comparison> CompareAsync(CompareRequest request, CancellationToken cancellationToken = default)
    {
        var question = QuestionYears.Strip(request.Question);
        var cells = new List<YearAnswer>();
        foreach (var year in request.Years.Distinct().Order())
        {
            // A request past its time budget stops here (the server answers 503) rather than run on for every year.
            cancellationToken.ThrowIfCancellationRequested();
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
