using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>
/// The building blocks every e-mail is made of. A notification becomes a list of blocks once; the HTML and the
/// plain-text layouts each know how to draw every block, so the two versions cannot say different things.
/// </summary>
internal abstract record EmailBlock;

internal sealed record HeadingBlock(string Text) : EmailBlock;

internal sealed record ParagraphBlock(string Text) : EmailBlock;

/// <summary>Labelled facts (case reference, due date...). Facts that are unknown are never added.</summary>
internal sealed record FactsBlock(IReadOnlyList<Fact> Facts) : EmailBlock;

internal sealed record Fact(string Label, string Value);

internal sealed record BulletsBlock(string Title, IReadOnlyList<string> Lines) : EmailBlock;

/// <summary>The lines of a list notification; due dates are shown relative to <paramref name="On"/>.</summary>
internal sealed record ItemsBlock(IReadOnlyList<NotificationItem> Items, DateOnly On) : EmailBlock;

internal sealed record LinkBlock(string Text, Uri Link) : EmailBlock;

internal sealed record SmallPrintBlock(string Text) : EmailBlock;

/// <summary>A table of figures with a header row; the first cell of each row names it.</summary>
internal sealed record TableBlock(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) : EmailBlock;

/// <summary>
/// A bar chart drawn as a table (e-mail clients show neither SVG nor, by default, images; ADR 0101): one row per bar
/// with its label, a bar as wide as its share and its figure beside it in words.
/// </summary>
internal sealed record BarsBlock(string Caption, IReadOnlyList<BarLine> Bars) : EmailBlock;

internal sealed record BarLine(string Label, double? Percent, string Figure);
