using System.Globalization;
using System.Text;
using PolicySearch.Answering;
using Spectre.Console;

namespace PolicySearch.Cli;

/// <summary>A comparison as rows (one per question × year) in the formats staff open: terminal table, Markdown, CSV.</summary>
public static class ComparisonFormats
{
    public static readonly string[] Names = ["table", "md", "csv", "json"];

    public sealed record Row(string Id, string Question, YearAnswer Cell);

    public static IEnumerable<Row> Rows(string id, Comparison comparison) => comparison.Years.Select(c => new Row(id, comparison.Question, c));

    private static string[] Header(int citations, bool withId) =>
        [.. withId ? new[] { "id", "question" } : [], "year", "answer", "abstained", "figure", "value", "unit", "document", "date", "file",
         .. Enumerable.Range(1, citations).Select(n => $"citation {n}")];

    private static string[] Cells(Row row, int citations, bool withId)
    {
        var c = row.Cell;
        var cited = c.Citations.Select(x => $"[{x.N}] {x.Title}（{x.Date}，{x.File}，{x.Start}–{x.End}）：{x.Quote}").ToList();
        return [.. withId ? new[] { row.Id, row.Question } : [], c.Year.ToString(CultureInfo.InvariantCulture), c.AnswerText, c.Abstained ? "true" : "false",
            c.Figure?.Text ?? "", c.Figure?.Value.ToString("0.####", CultureInfo.InvariantCulture) ?? "", c.Figure?.Unit ?? "",
            c.Title ?? "", c.Date ?? "", c.File ?? "",
            .. Enumerable.Range(0, citations).Select(i => i < cited.Count ? cited[i] : "")];
    }

    private static int CitationColumns(IReadOnlyList<Row> rows) => rows.Count == 0 ? 0 : rows.Max(r => r.Cell.Citations.Count);

    /// <summary>CSV as Excel opens it: UTF-8 with a byte-order mark, every field quoted when it needs to be.</summary>
    public static byte[] Csv(IReadOnlyList<Row> rows, bool withId)
    {
        var n = CitationColumns(rows);
        var text = new StringBuilder();
        text.AppendJoin(',', Header(n, withId).Select(Quote)).Append("\r\n");
        foreach (var row in rows) text.AppendJoin(',', Cells(row, n, withId).Select(Quote)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];

        static string Quote(string field) =>
            field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }

    public static string Markdown(IReadOnlyList<Row> rows, bool withId)
    {
        var n = CitationColumns(rows);
        var text = new StringBuilder();
        var header = Header(n, withId);
        text.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        text.Append('|').AppendJoin('|', header.Select(_ => " --- ")).Append("|\n");
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", Cells(row, n, withId).Select(c => c.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " "))).Append(" |\n");
        }
        return text.ToString();
    }

    public static void Table(IReadOnlyList<Row> rows, bool withId, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (withId) table.AddColumn("id");
        table.AddColumn("年份").AddColumn("答案").AddColumn("数字").AddColumn("来源");
        string? lastQuestion = null;
        foreach (var row in rows)
        {
            if (!withId && row.Question != lastQuestion) table.Title = new TableTitle(Markup.Escape(row.Question));
            lastQuestion = row.Question;
            var c = row.Cell;
            var cells = new List<string>();
            if (withId) cells.Add(Markup.Escape(row.Id));
            cells.Add(c.Year.ToString(CultureInfo.InvariantCulture));
            cells.Add(c.Abstained ? "[grey]未找到[/]" : Markup.Escape(c.AnswerText));
            cells.Add(Markup.Escape(c.Figure?.Text ?? ""));
            cells.Add(c.Abstained ? "" : Markup.Escape($"{c.Title}（{c.Date}，{c.File}）"));
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
    }
}
