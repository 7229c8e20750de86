using SendWorkflows.Contract;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>
/// Reads the signed link a professional follows from a request e-mail ("I have sent my advice"), at the same
/// <c>/respond/{caseId}/{token}</c> address as the local host's link pages, so one e-mail template serves both hosts.
/// The link stands for one case event, e.g. <see cref="AdviceReceived"/>; signing, expiry and single use are the
/// shared link code's business.
/// </summary>
public interface IProfessionalResponseLinks
{
    /// <summary>The event the link stands for, or null when it is not for this case, is wrongly signed, used or expired.</summary>
    Task<CaseEvent?> ReadAsync(string caseId, string token, DateTimeOffset now, CancellationToken cancellation);
}

/// <summary>
/// The partner of the e-mail wiring's default <c>NoResponseLinks</c>: while e-mails carry no response links, no link
/// can be valid. Replace both with the signed-link pair when the link signer is shared with this app.
/// </summary>
public sealed class NoProfessionalResponseLinks : IProfessionalResponseLinks
{
    public Task<CaseEvent?> ReadAsync(string caseId, string token, DateTimeOffset now, CancellationToken cancellation) =>
        Task.FromResult<CaseEvent?>(null);
}
