namespace SendWorkflows.Contract;

/// <summary>
/// A fictional caseload made by <see cref="CaseloadGenerator"/>: the contacts directory, the maintained plans as at
/// <see cref="LoadedOn"/> and the assessment events of the academic year, in date order.
/// </summary>
public sealed record GeneratedCaseload(
    DateOnly LoadedOn, ContactsDirectory Contacts, IReadOnlyList<PlanRecord> Plans, IReadOnlyList<CaseEvent> Events)
{
    /// <summary>The caseload file (contract section 1).</summary>
    public void WriteCaseload(TextWriter writer) => CaseloadCsvWriter.Write(Plans, writer);

    /// <summary>The events file (contract section 2, JSON Lines).</summary>
    public void WriteEvents(TextWriter writer) => CaseEventWriter.WriteLines(Events, writer);

    /// <summary>The contacts directory file (contract section 3).</summary>
    public void WriteContacts(TextWriter writer) => writer.Write(ContactsDirectoryWriter.ToJson(Contacts));
}
