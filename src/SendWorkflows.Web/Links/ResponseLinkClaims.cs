using System.Text.Json.Serialization;

namespace SendWorkflows.Web.Links;

/// <summary>
/// What a signed response link allows: raising <see cref="Event"/> once, for one request (notification) to one
/// contact, on one case and workflow instance, until <see cref="ExpiresAt"/>. <see cref="DueOn"/> and
/// <see cref="MeetingOn"/> let the page say by when and for which meeting. Carries no personal data.
/// </summary>
public sealed record ResponseLinkClaims(
    [property: JsonPropertyName("lid")] string LinkId,
    [property: JsonPropertyName("nk")] string NotificationKey,
    [property: JsonPropertyName("cid")] string CaseId,
    [property: JsonPropertyName("iid")] string InstanceId,
    [property: JsonPropertyName("evt")] string Event,
    [property: JsonPropertyName("ck")] string? ContactKey,
    [property: JsonPropertyName("exp")] long ExpiresAtUnixSeconds,
    [property: JsonPropertyName("due")] DateOnly? DueOn = null,
    [property: JsonPropertyName("mtg")] DateOnly? MeetingOn = null)
{
    [JsonIgnore]
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresAtUnixSeconds);
}
