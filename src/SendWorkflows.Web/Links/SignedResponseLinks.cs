using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email;

namespace SendWorkflows.Web.Links;

/// <summary>
/// Makes the signed, expiring, single-use link a request e-mail carries for its recipient. Only the recipients the
/// request is addressed to (not those copied in, unless named as the one asked to act) get one, and only for notifications that ask something. The link
/// names the workflow instance the notification says awaits the response (docs/adr/0065); a notification that
/// names none gets no link rather than a guessed one.
/// </summary>
public sealed class SignedResponseLinks(ResponseLinkSigner signer, IOptions<ResponseLinkOptions> options) : IResponseLinks
{
    public Uri? LinkFor(Notification notification, string recipient)
    {
        if (notification.Kind == NotificationKind.FamilySurvey)
        {
            return SurveyLinkFor(notification, recipient);
        }

        var request = ResponseRequest.For(notification);
        var instanceId = notification.Facts.AwaitingInstanceId;
        if (request is null || instanceId is null || !IsAsked(notification, recipient))
        {
            return null;
        }

        // Counted from the later of the send date and the date asked for, so a link never dies before its due date.
        var countedFrom = notification.DueOn is { } due && due > notification.On ? due : notification.On;
        var expiresAt = new DateTimeOffset(countedFrom.AddDays(options.Value.ExpiryDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var claims = new ResponseLinkClaims(
            LinkIdFor(notification.Key, recipient),
            notification.Key,
            notification.CaseId,
            instanceId,
            request.Event,
            notification.Facts.ContactKey,
            expiresAt.ToUnixTimeSeconds(),
            notification.DueOn,
            notification.Facts.MeetingOn);
        return LinkTo(claims);
    }

    /// <summary>
    /// The family survey's link (to the survey pages, <see cref="SurveyEndpoints"/>): signed, single-use, expiring
    /// Links:ExpiryDays after the survey was sent, naming the review workflow that awaits the answers.
    /// </summary>
    Uri? SurveyLinkFor(Notification notification, string recipient)
    {
        if (notification.Facts.AwaitingInstanceId is not { } instanceId || !notification.To.Contains(recipient, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var expiresAt = new DateTimeOffset(notification.On.AddDays(options.Value.ExpiryDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var claims = new ResponseLinkClaims(
            LinkIdFor(notification.Key, recipient), notification.Key, notification.CaseId, instanceId, nameof(Contract.FamilySurveyAnswered),
            null, expiresAt.ToUnixTimeSeconds());
        return new Uri(options.Value.BaseUrl, $"survey/{Uri.EscapeDataString(claims.CaseId)}/{signer.Sign(claims)}");
    }

    /// <summary>The one the notification names as asked to act (a setting copied on an escalation), else its addressees.</summary>
    static bool IsAsked(Notification notification, string recipient) => notification.Facts.RespondentEmail is { } respondent
        ? string.Equals(respondent, recipient, StringComparison.OrdinalIgnoreCase)
        : notification.To.Contains(recipient, StringComparer.OrdinalIgnoreCase);

    public Uri LinkTo(ResponseLinkClaims claims) =>
        new(options.Value.BaseUrl, $"respond/{Uri.EscapeDataString(claims.CaseId)}/{signer.Sign(claims)}");

    /// <summary>Deterministic per (notification, recipient): a redelivered e-mail carries the same single-use link.</summary>
    public static string LinkIdFor(string notificationKey, string recipient)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(notificationKey + "\n" + recipient.ToLowerInvariant()));
        return WebEncoders.Base64UrlEncode(digest, 0, 16);
    }
}
