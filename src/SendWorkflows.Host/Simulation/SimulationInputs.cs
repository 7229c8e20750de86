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
        // The events file is the largest: it is parsed (on every core, ADR 0138) and put in date order while the caseload is read.
        var events = Task.Run(() => ReadEvents(options.EventsPath));
        var contactsRead = ContactsDirectoryReader.Read(ReadAll(options.ContactsPath, "--contacts"));
        if (contactsRead.Accepted.Count == 0)
        {
            throw new SimulationInputException(
                $"the contacts directory {options.ContactsPath} cannot be used: {string.Join("; ", contactsRead.Rejected.Select(r => r.Reason))}");
        }

        var contacts = contactsRead.Accepted[0];
        var plans = CaseloadCsvReader.Read(ReadAll(options.CaseloadPath, "--caseload"), options.From, contacts);
        var (ordered, eventsRejected) = events.GetAwaiter().GetResult();

        PeriodFit.Check(plans.Accepted, ordered, options.From, options.To);

        var rejected = contactsRead.Rejected.Select(r => Rejection("contacts", r))
            .Concat(plans.Rejected.Select(r => Rejection(CaseloadLoader.Source, r)))
            .Concat(eventsRejected.Select(r => Rejection(CaseEventDispatcher.Source, r)))
            .ToList();
        return new SimulationInputs(contacts, plans.Accepted, ordered, rejected);
    }

    /// <summary>The accepted events in the order they apply, and the rejected lines; none without an events file.</summary>
    static (IReadOnlyList<CaseEvent> InOrder, IReadOnlyList<IntakeRejection> Rejected) ReadEvents(string? path)
    {
        if (path is null)
        {
            return ([], []);
        }

        var events = CaseEventReader.ReadLines(ReadAll(path, "--events"));
        // Events apply in date order; the file's order breaks ties (a decision before the advice it asks for).
        var ordered = events.Accepted.Select((e, index) => (e, index)).OrderBy(x => x.e.On).ThenBy(x => x.index).Select(x => x.e).ToList();
        return (ordered, events.Rejected);
    }

    /// <summary>The reason already names its field; the item is kept without its personal values.</summary>
    static RejectedEvent Rejection(string source, IntakeRejection rejection) => new(
        source, rejection.Reason, rejection.EventId, rejection.CaseId, rejection.Type,
        Line: rejection.Line, Raw: rejection.Redacted, Field: rejection.Field);

    /// <summary>The file's bytes: the readers check they are UTF-8 rather than let a decoder replace what is not.</summary>
    static byte[] ReadAll(string path, string option) =>
        File.Exists(path) ? File.ReadAllBytes(path) : throw new SimulationInputException($"{option} file '{path}' does not exist");
}
