using System.Net;
using System.Text;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>Draws the blocks as simple, inline-styled HTML that e-mail clients show alike. Every text is encoded.</summary>
internal static class HtmlLayout
{
    private const string Font = "font-family: Arial, sans-serif; color: #0b0c0c;";

    public static string Render(string subject, IReadOnlyList<EmailBlock> blocks)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E(subject))
            .Append("</title>\n</head>\n<body style=\"margin: 0; padding: 16px; ").Append(Font).Append("\">\n")
            .Append("<div style=\"max-width: 640px; font-size: 16px; line-height: 1.5;\">\n");
        foreach (var block in blocks)
        {
            Draw(html, block);
        }

        return html.Append("</div>\n</body>\n</html>\n").ToString();
    }

    private static void Draw(StringBuilder html, EmailBlock block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                html.Append("<h1 style=\"font-size: 24px; margin: 0 0 16px;\">").Append(E(heading.Text)).Append("</h1>\n");
                break;
            case ParagraphBlock paragraph:
                html.Append("<p style=\"margin: 0 0 16px;\">").Append(E(paragraph.Text)).Append("</p>\n");
                break;
            case FactsBlock facts:
                html.Append("<table style=\"border-collapse: collapse; margin: 0 0 16px;\" role=\"presentation\">\n");
                foreach (var fact in facts.Facts)
                {
                    html.Append("<tr><th scope=\"row\" style=\"text-align: left; padding: 4px 16px 4px 0; vertical-align: top;\">")
                        .Append(E(fact.Label)).Append("</th><td style=\"padding: 4px 0;\">").Append(E(fact.Value)).Append("</td></tr>\n");
                }

                html.Append("</table>\n");
                break;
            case BulletsBlock bullets:
                html.Append("<p style=\"margin: 0 0 4px; font-weight: bold;\">").Append(E(bullets.Title)).Append("</p>\n<ul style=\"margin: 0 0 16px;\">\n");
                foreach (var line in bullets.Lines)
                {
                    html.Append("<li>").Append(E(line)).Append("</li>\n");
                }

                html.Append("</ul>\n");
                break;
            case ItemsBlock items:
                DrawItems(html, items);
                break;
            case LinkBlock link:
                html.Append("<p style=\"margin: 0 0 16px;\"><a href=\"").Append(E(link.Link.AbsoluteUri))
                    .Append("\" style=\"display: inline-block; background: #00703c; color: #ffffff; padding: 8px 16px; text-decoration: none; font-weight: bold;\">")
                    .Append(E(link.Text)).Append("</a></p>\n");
                break;
            case SmallPrintBlock small:
                html.Append("<p style=\"margin: 0 0 8px; font-size: 14px; color: #505a5f;\">").Append(E(small.Text)).Append("</p>\n");
                break;
            case TableBlock table:
                DrawTable(html, table);
                break;
            case BarsBlock bars:
                DrawBars(html, bars);
                break;
            default:
                throw new InvalidOperationException($"The HTML layout cannot draw {block.GetType().Name}.");
        }
    }

    private static void DrawItems(StringBuilder html, ItemsBlock items)
    {
        const string Cell = " style=\"text-align: left; padding: 4px 8px; border-bottom: 1px solid #b1b4b6;\"";
        html.Append("<table style=\"border-collapse: collapse; margin: 0 0 16px;\">\n<thead><tr>");
        foreach (var header in ItemColumns.Headers)
        {
            html.Append("<th scope=\"col\"").Append(Cell).Append('>').Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        const string KeepTogether = " style=\"text-align: left; padding: 4px 8px; border-bottom: 1px solid #b1b4b6; white-space: nowrap;\"";
        foreach (var item in items.Items)
        {
            html.Append("<tr>");
            var values = ItemColumns.Values(item, items.On);
            for (var i = 0; i < values.Count; i++)
            {
                // A case reference broken over lines is hard to copy.
                html.Append("<td").Append(i == 0 ? KeepTogether : Cell).Append('>').Append(E(values[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private const string TableCell = " style=\"text-align: left; padding: 4px 8px; border-bottom: 1px solid #b1b4b6;\"";

    private static void DrawTable(StringBuilder html, TableBlock table)
    {
        html.Append("<table style=\"border-collapse: collapse; margin: 0 0 16px; font-size: 14px;\">\n<caption style=\"text-align: left; font-weight: bold; padding: 0 0 4px;\">")
            .Append(E(table.Caption)).Append("</caption>\n<thead><tr>");
        foreach (var header in table.Headers)
        {
            html.Append("<th scope=\"col\"").Append(TableCell).Append('>').Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr><th scope=\"row\"").Append(TableCell).Append('>').Append(E(row[0])).Append("</th>");
            foreach (var cell in row.Skip(1))
            {
                html.Append("<td").Append(TableCell).Append('>').Append(E(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>Bars as table cells with a background colour: every client draws them, and the figure is text beside each.</summary>
    private static void DrawBars(StringBuilder html, BarsBlock bars)
    {
        html.Append("<table style=\"border-collapse: collapse; margin: 0 0 16px; font-size: 14px; width: 100%;\">\n<caption style=\"text-align: left; font-weight: bold; padding: 0 0 4px;\">")
            .Append(E(bars.Caption)).Append("</caption>\n<tbody>\n");
        foreach (var bar in bars.Bars)
        {
            var width = bar.Percent is { } p ? Math.Max(1, (int)Math.Round(Math.Clamp(p, 0, 100))) : 0;
            html.Append("<tr><th scope=\"row\" style=\"text-align: left; padding: 2px 8px 2px 0; white-space: nowrap; font-weight: normal;\">").Append(E(bar.Label)).Append("</th>")
                .Append("<td style=\"padding: 2px 0; width: 60%;\">");
            if (width > 0)
            {
                html.Append("<table role=\"presentation\" style=\"border-collapse: collapse; width: ").Append(width.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append("%;\"><tr><td style=\"background: #1d70b8; height: 14px; line-height: 14px; font-size: 1px;\">&nbsp;</td></tr></table>");
            }

            html.Append("</td><td style=\"padding: 2px 0 2px 8px; white-space: nowrap;\">").Append(E(bar.Figure)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
