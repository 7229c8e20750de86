using SendWorkflows.Contract;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Host.Simulation;

/// <summary>The three input files, read with the contract's readers; rejected rows and lines are kept with their reasons.</summary>
sealed record SimulationInputs(
    ContactsDirectory Contacts,
    IReadOnlyList<PlanRecord> Plans,
    IReadOnlyList<CaseEvent> Events,
    IReadOnlyList<RejectedEvent> Rejected)
{
    public static SimulationInputs Read(SimulationOptions options)
    {
        var contactsRead = ContactsDirectoryReader.Read(ReadAll(options.ContactsPath, "--contacts"));
        if (contactsRead.Accepted.Count == 0)
        {
            throw new SimulationInputException(
                $"the contacts directory {options.ContactsPath} cannot be used: {string.Join("; ", contactsRead.Rejected.Select(r => r.Reason))}");
        }

        var contacts = contactsRead.Accepted[0];
        var plans = CaseloadCsvReader.Read(ReadAll(options.CaseloadPath, "--caseload"), options.From, contacts);
        var events = options.EventsPath is null
            ? new IntakeResult<CaseEvent>([], [])
            : CaseEventReader.ReadLines(ReadAll(options.EventsPath, "--events"));

        var rejected = contactsRead.Rejected.Select(r => Rejection("contacts", r))
            .Concat(plans.Rejected.Select(r => Rejection(CaseloadLoader.Source, r)))
            .Concat(events.Rejected.Select(r => Rejection(CaseEventDispatcher.Source, r)))
            .ToList();

        // Events apply in date order; the file's order breaks ties (a decision before the advice it asks for).
        var ordered = events.Accepted.Select((e, index) => (e, index)).OrderBy(x => x.e.On).ThenBy(x => x.index).Select(x => x.e).ToList();
        return new SimulationInputs(contacts, plans.Accepted, ordered, rejected);
    }

    static RejectedEvent Rejection(string source, IntakeRejection rejection) => new(
        source,
        rejection.Field is null ? rejection.Reason : $"{rejection.Field}: {rejection.Reason}",
        Line: rejection.Line,
        Raw: rejection.Raw);

    static string ReadAll(string path, string option) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new SimulationInputException($"{option} file '{path}' does not exist");
}
