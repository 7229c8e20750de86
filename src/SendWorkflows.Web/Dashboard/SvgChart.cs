using System.Globalization;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Web.Dashboard;

/// <summary>One bar: a label, its value (null when there is nothing to measure) and the words shown beside it.</summary>
public sealed record Bar(string Label, double? Value, double Scale, string Caption, bool Alert = false);

/// <summary>One line of a line chart: a name, a colour, a dash pattern (so lines differ without colour) and one value per point (null: no figure).</summary>
public sealed record Series(string Name, string Colour, string Dash, IReadOnlyList<double?> Values);

/// <summary>
/// Server-rendered SVG charts: no script, no CDN. Every chart is a figure with a caption, an SVG named by that caption,
/// and its numbers as a table in a details component for screen readers and anyone who would rather read figures;
/// a chart with nothing to draw says why instead.
/// </summary>
public static class SvgChart
{
    const int Width = 560;
    const int BarLeft = 8;
    const int BarRow = 40;
    const int BarHeight = 14;
    const int CaptionWidth = 150;

    /// <summary>
    /// Horizontal bars, each label on its own line above its bar so long labels never run into the figures; a bar at 0
    /// is a thin stub, and a bar with no value says so in words.
    /// </summary>
    public static Html Bars(string id, string title, IReadOnlyList<Bar> bars, string whenEmpty, string valueHeading = "Figure")
    {
        if (bars.Count == 0 || bars.All(b => b.Value is null))
        {
            return Empty(id, title, whenEmpty);
        }

        var track = Width - BarLeft - CaptionWidth;
        var height = bars.Count * BarRow + 4;
        var rows = bars.Select((bar, index) =>
        {
            var top = index * BarRow;
            var length = bar.Value is { } v && bar.Scale > 0 ? Math.Max(2, Math.Clamp(v / bar.Scale, 0, 1) * track) : 0;
            var fill = bar.Alert ? "#ca3535" : "#1d70b8";
            var shape = bar.Value is null
                ? Html.Empty
                : Html.Of($"""<rect x="{BarLeft}" y="{top + 20}" width="{N(length)}" height="{BarHeight}" fill="{fill}"></rect>""");
            return Html.Of($"""
                <text x="{BarLeft}" y="{top + 14}" font-size="14">{bar.Label}</text>{shape}
                <text x="{N(BarLeft + length + 6)}" y="{top + 32}" font-size="14"{(bar.Value is null ? Html.Of($" fill=\"#505a5f\"") : Html.Empty)}>{bar.Caption}</text>
                """);
        });
        var table = NumbersTable(id, title, ["Measure", valueHeading], bars.Select(b => new[] { b.Label, b.Caption }));
        return Figure(id, title, Html.Of($"""<svg role="img" aria-labelledby="{id}-title" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}">{Html.Join(rows)}</svg>"""), table);
    }

    /// <summary>
    /// Lines over labelled points (months), on a 0 to <paramref name="max"/> axis with gridlines; a point without a
    /// figure leaves a gap. Each series has its own dash pattern and a key, so the lines differ without colour.
    /// </summary>
    public static Html Lines(string id, string title, IReadOnlyList<string> points, IReadOnlyList<Series> series, double max, string unit, string whenEmpty)
    {
        if (points.Count == 0 || series.All(s => s.Values.All(v => v is null)))
        {
            return Empty(id, title, whenEmpty);
        }

        const int Left = 44, Top = 10, PlotHeight = 180, Bottom = 40;
        var plotWidth = Width - Left - 30;
        var keyTop = Top + PlotHeight + Bottom;
        var height = keyTop + series.Count * 20 + 4;
        double X(int i) => Left + (points.Count == 1 ? plotWidth / 2.0 : i * plotWidth / (double)(points.Count - 1));
        double Y(double value) => Top + PlotHeight - Math.Clamp(value / max, 0, 1) * PlotHeight;

        var grid = Html.Join(Enumerable.Range(0, 5).Select(step =>
        {
            var value = max * step / 4;
            return Html.Of($"""<line x1="{Left}" x2="{Left + plotWidth}" y1="{N(Y(value))}" y2="{N(Y(value))}" stroke="#b1b4b6" stroke-width="1"></line><text x="{Left - 6}" y="{N(Y(value) + 4)}" font-size="12" text-anchor="end">{N(value)}{unit}</text>""");
        }));
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 12.0));
        var xLabels = Html.Join(points.Select((label, i) => i % every == 0
            ? Html.Of($"""<text x="{N(X(i))}" y="{Top + PlotHeight + 18}" font-size="12" text-anchor="middle">{label}</text>""")
            : Html.Empty));
        var lines = Html.Join(series.Select(s =>
        {
            var segments = new List<string>();
            var current = new List<string>();
            for (var i = 0; i < s.Values.Count; i++)
            {
                if (s.Values[i] is { } v)
                {
                    current.Add($"{N(X(i))},{N(Y(v))}");
                }
                else if (current.Count > 0)
                {
                    segments.Add(string.Join(' ', current));
                    current = [];
                }
            }

            if (current.Count > 0)
            {
                segments.Add(string.Join(' ', current));
            }

            var paths = Html.Join(segments.Select(points => Html.Of($"""<polyline points="{points}" fill="none" stroke="{s.Colour}" stroke-width="3" stroke-dasharray="{s.Dash}"></polyline>""")));
            var dots = Html.Join(s.Values.Select((v, i) => v is { } value
                ? Html.Of($"""<circle cx="{N(X(i))}" cy="{N(Y(value))}" r="3.5" fill="{s.Colour}"></circle>""")
                : Html.Empty));
            return Html.Of($"{paths}{dots}");
        }));
        var key = Html.Join(series.Select((s, i) => Html.Of($"""
            <line x1="{Left}" x2="{Left + 36}" y1="{keyTop + i * 20 + 6}" y2="{keyTop + i * 20 + 6}" stroke="{s.Colour}" stroke-width="3" stroke-dasharray="{s.Dash}"></line><text x="{Left + 44}" y="{keyTop + i * 20 + 11}" font-size="13">{s.Name}</text>
            """)));
        var rows = points.Select((label, i) => new[] { label }.Concat(series.Select(s => s.Values[i] is { } v ? N(v) + unit : "none due")).ToArray());
        var table = NumbersTable(id, title, ["Month", .. series.Select(s => s.Name)], rows);
        return Figure(id, title, Html.Of($"""<svg role="img" aria-labelledby="{id}-title" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}">{grid}{xLabels}{lines}{key}</svg>"""), table);
    }

    static Html Figure(string id, string title, Html svg, Html table) => Html.Of($"""
        <figure class="app-chart" id="{id}"><figcaption class="govuk-heading-s" id="{id}-title">{title}</figcaption>{svg}{table}</figure>
        """);

    static Html Empty(string id, string title, string why) => Html.Of($"""
        <figure class="app-chart" id="{id}"><figcaption class="govuk-heading-s" id="{id}-title">{title}</figcaption><p class="govuk-body govuk-hint app-chart__empty">{why}</p></figure>
        """);

    /// <summary>The chart's figures, one row per bar or point, in a GOV.UK details component under the chart.</summary>
    static Html NumbersTable(string id, string title, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var head = Html.Join(headers.Select(h => Html.Of($"""<th scope="col" class="govuk-table__header">{h}</th>""")));
        var body = Html.Join(rows.Select(r => Html.Of($"""<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{r[0]}</th>{Html.Join(r.Skip(1).Select(c => Html.Of($"""<td class="govuk-table__cell">{c}</td>""")))}</tr>""")));
        return Html.Of($"""
            <details class="govuk-details app-chart__numbers"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">The figures in this chart</span></summary>
            <div class="govuk-details__text"><table class="govuk-table" id="{id}-table"><caption class="govuk-table__caption govuk-table__caption--s">{title}</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead><tbody class="govuk-table__body">{body}</tbody></table></div></details>
            """);
    }

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
