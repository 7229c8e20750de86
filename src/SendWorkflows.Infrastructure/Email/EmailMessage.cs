namespace SendWorkflows.Infrastructure.Email;

/// <summary>
/// One e-mail ready to hand to a provider: addresses, a subject and the same content as HTML and plain text.
/// The sender's own address comes from <see cref="EmailOptions"/>, never from the message.
/// </summary>
public sealed record EmailMessage(
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Subject,
    string HtmlBody,
    string TextBody)
{
    /// <summary>Where replies go (the caseworker or the SEN team); null for the configured default.</summary>
    public string? ReplyTo { get; init; }
}
