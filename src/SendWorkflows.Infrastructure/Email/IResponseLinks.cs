using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email;

/// <summary>The link a recipient follows to respond (the host signs it and makes it expire).</summary>
public interface IResponseLinks
{
    /// <summary>The link for <paramref name="recipient"/>, or null when the notification asks for no response online.</summary>
    Uri? LinkFor(Notification notification, string recipient);
}

/// <summary>No links: e-mails tell the recipient to reply or contact the SEN team instead.</summary>
public sealed class NoResponseLinks : IResponseLinks
{
    public Uri? LinkFor(Notification notification, string recipient) => null;
}
