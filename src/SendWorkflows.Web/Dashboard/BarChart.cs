using System.Globalization;
using SendWorkflows.Host.Web;

namespace SendWorkflows.Host.Dashboard;

/// <summary>One bar: a label, its value and the value a full-width bar stands for.</summary>
public sealed record Bar(string Label, double Value, double Scale, string? Caption = null, bool Alert = false);

/// <summary>A horizontal inline-SVG bar chart: no scripts, readable without colour (every bar has its caption).</summary>
public static class BarChart
{
    const int Width = 560;
    const int LabelWidth = 210;
    const int RowHeight = 22;

    public static Html Render(string title, IReadOnlyList<Bar> bars, double? markerAt = null, string whenEmpty = "Nothing to show yet.")
    {
        if (bars.Count == 0)
        {
            return Html.Of($"""<figure class="app-chart"><figcaption class="govuk-heading-s">{title}</figcaption><p class="govuk-body govuk-hint">{whenEmpty}</p></figure>""");
        }

        var height = Math.Max(1, bars.Count) * RowHeight + 6;
        var barWidth = Width - LabelWidth - 110;
        var rows = bars.Select((bar, index) =>
        {
            var y = index * RowHeight + 3;
            var length = bar.Scale <= 0 ? 0 : Math.Clamp(bar.Value / bar.Scale, 0, 1) * barWidth;
            var fill = bar.Alert ? "#ca3535" : "#1d70b8";
            return Html.Of($"""
                <text x="{LabelWidth - 6}" y="{y + 14}" font-size="13" text-anchor="end">{bar.Label}</text>
                <rect x="{LabelWidth}" y="{y}" width="{Number(length)}" height="{RowHeight - 6}" fill="{fill}"></rect>
                <text x="{Number(LabelWidth + length + 4)}" y="{y + 14}" font-size="13">{bar.Caption ?? Number(bar.Value)}</text>
                """);
        });
        var marker = markerAt is { } at && bars.Count > 0
            ? Html.Of($"""<line x1="{Number(LabelWidth + Math.Clamp(at / bars[0].Scale, 0, 1) * barWidth)}" y1="0" x2="{Number(LabelWidth + Math.Clamp(at / bars[0].Scale, 0, 1) * barWidth)}" y2="{height}" stroke="#a4000f" stroke-dasharray="3 2"></line>""")
            : Html.Empty;
        return Html.Of($"""
            <figure class="app-chart"><figcaption class="govuk-heading-s">{title}</figcaption>
            <svg role="img" aria-label="{title}" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}">{Html.Join(rows)}{marker}</svg></figure>
            """);
    }

    static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
