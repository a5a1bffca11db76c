using System.Globalization;
using System.Net;
using System.Text;

namespace PolicySearch.Answering;

/// <summary>
/// A line chart of a comparison's figures across its years, as standalone SVG (no script, no external asset):
/// one point per year that has a figure in the chart's unit, every year labelled on the axis.
/// </summary>
public static class ComparisonChart
{
    private const int Width = 640, Height = 320, Left = 70, Right = 20, Top = 40, Bottom = 50;

    /// <summary>The unit most of the years' figures share: the one the chart draws.</summary>
    public static string? Unit(Comparison comparison) =>
        comparison.Years.Where(y => y.Figure is not null)
            .GroupBy(y => (y.Figure!.Unit, y.Figure.Kind))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(y => y.Year))
            .Select(g => g.Key.Unit + (g.Key.Kind == Figure.Growth ? "（增速）" : ""))
            .FirstOrDefault();

    public static string Svg(Comparison comparison)
    {
        var unitLabel = Unit(comparison);
        var points = comparison.Years
            .Where(y => y.Figure is { } f && f.Unit + (f.Kind == Figure.Growth ? "（增速）" : "") == unitLabel)
            .Select(y => (y.Year, y.Figure!))
            .ToList();
        var years = comparison.Years.Select(y => y.Year).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"compare-chart\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(comparison.Question)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(comparison.Question)}</title>");
        svg.Append("<style>text{font-family:'WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;font-size:12px;fill:#333}.axis{stroke:#888}.line{fill:none;stroke:#1565c0;stroke-width:2}.point{fill:#1565c0}</style>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"20\" class=\"unit\">{Escape(unitLabel ?? "无可比数字")}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/>");
        double X(int year) => years.Count == 1 ? (Left + Width - Right) / 2.0 : Left + 30 + (Width - Left - Right - 60) * years.IndexOf(year) / (double)(years.Count - 1);
        foreach (var year in years)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"year\" x=\"{X(year):0.#}\" y=\"{Height - Bottom + 20}\" text-anchor=\"middle\">{year}</text>");
        }
        if (points.Count > 0)
        {
            var min = Math.Min(0, points.Min(p => p.Item2.Value));
            var max = points.Max(p => p.Item2.Value);
            if (max <= min) max = min + 1;
            double Y(double v) => Height - Bottom - (Height - Top - Bottom) * (v - min) / (max - min);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(max) + 4:0.#}\" text-anchor=\"end\">{Format(max)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(min) + 4:0.#}\" text-anchor=\"end\">{Format(min)}</text>");
            if (points.Count > 1)
            {
                var line = string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Year):0.#},{Y(p.Item2.Value):0.#}")));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line\" points=\"{line}\"/>");
            }
            foreach (var (year, figure) in points)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" data-year=\"{year}\" data-value=\"{Format(figure.Value)}\" cx=\"{X(year):0.#}\" cy=\"{Y(figure.Value):0.#}\" r=\"5\"><title>{year}年：{Escape(figure.Text)}</title></circle>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{X(year):0.#}\" y=\"{Y(figure.Value) - 10:0.#}\" text-anchor=\"middle\">{Escape(figure.Text)}</text>");
            }
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
