using SendWorkflows.Contract;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>
/// Reads the signed link a professional clicks in a request e-mail ("I have sent my advice"). The signing and
/// checking are shared with the local host; the link stands for one case event, e.g. <see cref="AdviceReceived"/>.
/// </summary>
public interface IProfessionalResponseLinks
{
    /// <summary>The event the link stands for, or null when its signature is wrong or it has expired.</summary>
    CaseEvent? Read(string token, DateTimeOffset now);
}
