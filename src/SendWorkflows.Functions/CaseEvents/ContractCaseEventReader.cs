using SendWorkflows.Contract;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>
/// Reads a message or request body with the contract's <see cref="CaseEventReader"/>. A Service Bus message carries
/// exactly one event (its session is the event's case), so a body with none, several or a rejected one is invalid
/// as a whole; the contract reader's reasons never repeat a child's initials or date of birth.
/// </summary>
public sealed class ContractCaseEventReader : ICaseEventReader
{
    public CaseEvent Read(string json)
    {
        var result = CaseEventReader.ReadBody(json);
        if (result.HasRejections)
        {
            throw new FormatException(string.Join("; ", result.Rejected.Select(r => r.Reason)));
        }

        return result.Accepted.Count == 1
            ? result.Accepted[0]
            : throw new FormatException($"A message carries exactly one case event; this one has {result.Accepted.Count}.");
    }
}
