using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using PolicySearch.Retrieval;
using PolicySearch.Retrieval.Lifecycle;

namespace PolicySearch.Answering.Mcp;

/// <summary>An earlier turn of a conversation, as the ask tool takes it.</summary>
public sealed record HistoryTurn(
    [property: JsonPropertyName("question"), Description("The earlier question")] string Question,
    [property: JsonPropertyName("answer"), Description("The answer it got (optional)")] string? Answer = null);

/// <summary>
/// The Model Context Protocol tools (served at /mcp by the API and over stdio by `policysearch mcp`): search, ask,
/// compare years, read a document. Each returns the JSON the HTTP API returns for the same request; a bad argument is
/// a tool error naming it.
/// </summary>
[McpServerToolType]
public sealed partial class PolicyTools(PassageSearcher searcher, AnswerService answerer, YearComparer comparer, DocumentLifecycle lifecycle, AuditLog? audit = null)
{
    public const int MaxTextLength = 500;

    private static readonly JsonSerializerOptions Json = PolicyJson.Options;

    [McpServerTool(Name = "search_policies", ReadOnly = true)]
    [Description("全文检索海洋发展局的政策文件（工作会议报告、年度/半年总结、通知、条例、办法），返回带高亮的相关段落。Full-text search of the bureau's marine policy documents: ranked passages with highlights, filterable by year, agency, document type, validity status and 文号.")]
    public string SearchPolicies(
        [Description("检索词或问题（中文） / what to look for, in Chinese")] string query,
        [Description("只要这一年的文件 / only documents of this year")] int? year = null,
        [Description("起始年份 / from this year")] int? from = null,
        [Description("截止年份 / up to this year")] int? to = null,
        [Description("发文单位包含的文字，如 青岛 / text the issuing agency contains")] string? agency = null,
        [Description("文件类型 / document type (work_conference, half_year_summary, policy, news …)")] string? type = null,
        [Description("时效状态：现行有效、已失效、已废止、尚未施行 / validity status")] string? status = null,
        [Description("发文字号，如 青海发〔2023〕3号 / document number")] string? docNumber = null,
        [Description("返回多少段（1–100）/ how many passages")] int top = 10)
    {
        Text(query, nameof(query));
        Years(year, from, to);
        if (top is < 1 or > 100) throw new McpException("top must be between 1 and 100.");
        if (status is not null && !LifecycleText.Statuses.Contains(status.Trim())) throw new McpException($"status must be one of {string.Join(", ", LifecycleText.Statuses)}.");
        var response = searcher.Search(new SearchRequest(query, new SearchFilters(year, from, to, agency, type, status?.Trim(), docNumber), top) { MeaningfulOnly = true });
        audit?.Record("search", query, response.Results.Select(r => r.DocumentId), $"mcp {response.Total}");
        return JsonSerializer.Serialize(new { query, total = response.Total, mode = response.Mode, results = response.Results }, Json);
    }

    [McpServerTool(Name = "ask", ReadOnly = true)]
    [Description("用中文提问，返回简短答案和可核对的引文（原文摘录及其位置）；文件没有答案时明确说未找到。可带上之前的对话（history）回答追问，如“那2024年呢？”。Ask a question in Chinese: a short answer with citations (exact quotes and offsets), or an honest abstention; pass earlier turns as history for follow-ups.")]
    public async Task<string> Ask(
        [Description("问题 / the question")] string question,
        [Description("之前的对话，最早的在前 / earlier turns, oldest first")] HistoryTurn[]? history = null,
        CancellationToken cancellationToken = default)
    {
        Text(question, nameof(question));
        if (history is { Length: > 20 }) throw new McpException("history holds more than 20 turns.");
        var answer = await answerer.AskAsync(new AskRequest(question, new SearchFilters())
        {
            History = history?.Where(t => !string.IsNullOrWhiteSpace(t.Question)).Select(t => new Turn(t.Question, t.Answer)).ToList() ?? [],
        }, cancellationToken);
        return JsonSerializer.Serialize(answer, Json);
    }

    [McpServerTool(Name = "compare_years", ReadOnly = true)]
    [Description("同一问题按年份分别回答并并列比较（每年的数字、出处文件和日期，没有则为未找到）。Answer the same question for each year side by side: each year's figure with its source document, or 未找到.")]
    public async Task<string> CompareYears(
        [Description("问题（不含年份），如 全市海洋生产总值是多少？ / the question, without its years")] string question,
        [Description("年份列表，如 [2022, 2023, 2024] / the years")] int[] years,
        CancellationToken cancellationToken = default)
    {
        Text(question, nameof(question));
        if (years is null || years.Length == 0) throw new McpException("years: give at least one year, e.g. [2022, 2023, 2024].");
        if (years.Distinct().Count() > YearComparer.MaxYears) throw new McpException($"years: at most {YearComparer.MaxYears}.");
        if (years.Any(y => y is < 1900 or > 2100)) throw new McpException("years must be between 1900 and 2100.");
        var comparison = await comparer.CompareAsync(new CompareRequest(question, years, new SearchFilters()), cancellationToken);
        return JsonSerializer.Serialize(new { question = comparison.Question, years = comparison.Years, mode = comparison.Mode }, Json);
    }

    [McpServerTool(Name = "get_document", ReadOnly = true)]
    [Description("按文档 id（检索结果里的 documentId）或发文字号读取文件全文、元数据和段落；给出 passage 时只返回该段。Read a document by its id (a result's documentId) or its 文号: metadata, cleaned text and passages; with passage, only that passage.")]
    public string GetDocument(
        [Description("文档 id（16位十六进制）或发文字号 / the document id or its 文号")] string id,
        [Description("段落序号（从0起，可选）/ a passage's ordinal (optional)")] int? passage = null)
    {
        Text(id, nameof(id));
        var trimmed = id.Trim();
        var documentId = DocumentIdPattern().IsMatch(trimmed)
            ? trimmed
            : LifecycleText.ParseDocNumber(trimmed) is { } number ? lifecycle.WithDocNumber(number).FirstOrDefault() : null;
        if (documentId is null || lifecycle.Document(documentId) is not { } view) throw new McpException($"No document has the id or 文号 {trimmed}.");
        audit?.Record("document", trimmed, [view.DocumentId], "mcp");
        if (passage is null) return JsonSerializer.Serialize(view, Json);
        var span = view.Passages.FirstOrDefault(p => p.Ordinal == passage) ?? throw new McpException($"passage: the document has passages 0 to {view.Passages.Count - 1}.");
        return JsonSerializer.Serialize(new { view.DocumentId, view.File, view.Title, view.Date, passage = span, text = view.Text[span.Start..span.End] }, Json);
    }

    private static void Text(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new McpException($"{name} is empty.");
        if (value.Length > MaxTextLength) throw new McpException($"{name} is longer than {MaxTextLength} characters.");
    }

    private static void Years(params int?[] years)
    {
        if (years.Any(y => y is < 1900 or > 2100)) throw new McpException("years must be between 1900 and 2100.");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial System.Text.RegularExpressions.Regex DocumentIdPattern();
}
