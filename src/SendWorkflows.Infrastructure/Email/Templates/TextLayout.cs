using System.Text;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>Draws the blocks as plain text for clients (and GOV.UK Notify) that do not show HTML.</summary>
internal static class TextLayout
{
    public static string Render(IReadOnlyList<EmailBlock> blocks)
    {
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            Draw(text, block);
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static void Draw(StringBuilder text, EmailBlock block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                text.Append(heading.Text).Append('\n').Append('=', heading.Text.Length).Append("\n\n");
                break;
            case ParagraphBlock paragraph:
                text.Append(paragraph.Text).Append("\n\n");
                break;
            case FactsBlock facts:
                var width = facts.Facts.Max(f => f.Label.Length) + 1;
                foreach (var fact in facts.Facts)
                {
                    text.Append((fact.Label + ":").PadRight(width + 1)).Append(fact.Value).Append('\n');
                }

                text.Append('\n');
                break;
            case BulletsBlock bullets:
                text.Append(bullets.Title).Append(":\n");
                foreach (var line in bullets.Lines)
                {
                    text.Append("- ").Append(line).Append('\n');
                }

                text.Append('\n');
                break;
            case ItemsBlock items:
                foreach (var item in items.Items)
                {
                    var values = ItemColumns.Values(item, items.On);
                    text.Append("- ").Append(string.Join(" | ", values.Where(v => v.Length > 0))).Append('\n');
                }

                text.Append('\n');
                break;
            case LinkBlock link:
                text.Append(link.Text).Append(": ").Append(link.Link.AbsoluteUri).Append("\n\n");
                break;
            case SmallPrintBlock small:
                text.Append(small.Text).Append('\n');
                break;
            case TableBlock table:
                text.Append(table.Caption).Append(":\n");
                foreach (var row in table.Rows)
                {
                    text.Append("- ").Append(row[0]).Append(": ")
                        .Append(string.Join("; ", row.Skip(1).Select((cell, i) => $"{table.Headers[i + 1]} {cell}"))).Append('\n');
                }

                text.Append('\n');
                break;
            case BarsBlock bars:
                text.Append(bars.Caption).Append(":\n");
                var labelWidth = bars.Bars.Max(b => b.Label.Length);
                foreach (var bar in bars.Bars)
                {
                    var filled = bar.Percent is { } p ? (int)Math.Round(Math.Clamp(p, 0, 100) / 5) : 0;
                    text.Append(bar.Label.PadRight(labelWidth)).Append(' ').Append('#', filled).Append('.', 20 - filled).Append(' ').Append(bar.Figure).Append('\n');
                }

                text.Append('\n');
                break;
            default:
                throw new InvalidOperationException($"The text layout cannot draw {block.GetType().Name}.");
        }
    }
}
