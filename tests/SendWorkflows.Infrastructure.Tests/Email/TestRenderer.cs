using Microsoft.Extensions.Options;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Templates;

namespace SendWorkflows.Infrastructure.Tests.Email;

internal static class TestRenderer
{
    public static EmailOptions Options { get; } = new()
    {
        FromAddress = "send.notifications@example.org",
        FromName = "Exampleshire SEND team",
        ContactAddress = "send.team@example.org",
        ContactName = "the Exampleshire SEN team",
        CouncilName = "Exampleshire County Council",
        SendiassName = "Exampleshire SENDIASS",
        SendiassContact = "01234 567890 or www.exampleshire-sendiass.example.org",
    };

    public static NotificationEmailRenderer Create(IResponseLinks? links = null) =>
        new(links ?? new NoResponseLinks(), Microsoft.Extensions.Options.Options.Create(Options));
}

/// <summary>Links like the host's: one per notification and recipient, where a response is expected.</summary>
internal sealed class FixedResponseLinks : IResponseLinks
{
    public Uri? LinkFor(Notification notification, string recipient) => notification.Facts.ResponseEvent is null ? null :
        new($"https://send.example.org/respond?n={Uri.EscapeDataString(notification.Key)}&to={Uri.EscapeDataString(recipient)}&sig=abc");
}
