namespace SendWorkflows.Web.Links;

/// <summary>Settings under <c>Links</c>.</summary>
public sealed class ResponseLinkOptions
{
    public const string Section = "Links";

    /// <summary>The HMAC-SHA256 key new links are signed with (any text; at least 32 characters).</summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>
    /// Keys links were signed with before the last rotations: still accepted, so links already sent keep working for
    /// their remaining lifetime. Remove one once every link it signed has expired (<see cref="ExpiryDays"/> after the latest
    /// due date those links asked for).
    /// </summary>
    public IList<string> PreviousSigningKeys { get; } = [];

    /// <summary>How long a link stays valid after the later of the notification's date and its due date.</summary>
    public int ExpiryDays { get; set; } = 60;

    /// <summary>The public address links point at (the host as professionals reach it).</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5080/");
}
