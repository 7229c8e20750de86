using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email;

namespace SendWorkflows.Host.Links;

/// <summary>Puts the host's signed response links into the e-mails the outbox renders.</summary>
public sealed class EmailResponseLinks(SignedResponseLinks links) : IResponseLinks
{
    public Uri? LinkFor(Notification notification, string recipient) => links.LinkFor(notification, recipient);
}
