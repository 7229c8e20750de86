using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace SendWorkflows.Web.Pages;

/// <summary>
/// A fragment of HTML that is safe to write as it is. Built only through <see cref="Of"/>, whose interpolation
/// holes are HTML-encoded unless they are <see cref="Html"/> themselves, so case data can never inject markup.
/// </summary>
public readonly record struct Html(string Value)
{
    public static Html Empty { get; } = new(string.Empty);

    public static Html Of([InterpolatedStringHandlerArgument] HtmlInterpolation fragment) => new(fragment.ToString());

    public static Html Join(IEnumerable<Html> fragments) => new(string.Concat(fragments.Select(f => f.Value)));

    public static Html When(bool condition, Html fragment) => condition ? fragment : Empty;

    public override string ToString() => Value;
}

/// <summary>The interpolated string handler behind <see cref="Html.Of"/>.</summary>
[InterpolatedStringHandler]
public ref struct HtmlInterpolation
{
    readonly StringBuilder builder;

    public HtmlInterpolation(int literalLength, int formattedCount) => builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string literal) => builder.Append(literal);

    public readonly void AppendFormatted(Html fragment) => builder.Append(fragment.Value);

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        var text = value switch
        {
            null => string.Empty,
            IFormattable formattable => formattable.ToString(format, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        builder.Append(HtmlEncoder.Default.Encode(text));
    }

    public override readonly string ToString() => builder.ToString();
}
