namespace SendWorkflows.Contract;

/// <summary>
/// What a reader made of its input: every item is either accepted or rejected with a reason, never dropped.
/// The same shape serves the caseload, contacts and case-event readers.
/// </summary>
public sealed record IntakeResult<T>(IReadOnlyList<T> Accepted, IReadOnlyList<IntakeRejection> Rejected)
{
    public bool HasRejections => Rejected.Count > 0;
}

/// <summary>
/// One rejected item. <see cref="Reason"/> is safe to log: it never repeats a child's initials or date of birth, nor
/// the field's name (that is <see cref="Field"/>). <see cref="Raw"/> is the item's exact text and may hold personal
/// data: it is for the reader's own use and never stored; stores keep <see cref="Redacted"/>.
/// </summary>
/// <param name="Line">1-based line of the input where the item starts, when the input has lines.</param>
/// <param name="Field">The column, property or path at fault (the first, when several are); null when the item as a whole is.</param>
/// <param name="Reason">Every problem found in the item, separated by "; ".</param>
/// <param name="Raw">The item's text as received.</param>
public sealed record IntakeRejection(int? Line, string? Field, string Reason, string Raw)
{
    /// <summary>The item's event id, when it could be read (even from broken JSON).</summary>
    public string? EventId { get => field ?? Identified.Id; init; }

    /// <summary>The item's case (event <c>caseId</c> or caseload <c>plan_id</c>), when it could be read.</summary>
    public string? CaseId { get => field ?? Identified.CaseId; init; }

    /// <summary>The event's type, when it could be read.</summary>
    public string? Type { get => field ?? Identified.Type; init; }

    /// <summary>What a rejected store may keep of the item: <see cref="Raw"/> without its personal values.</summary>
    public string? Redacted { get => field ?? RejectedItemText.Redact(Raw); init; }

    (string? Id, string? CaseId, string? Type) Identified => RejectedItemText.Identify(Raw);

    /// <summary>Safe to log: leaves <see cref="Raw"/> out.</summary>
    public override string ToString() => Line is null ? Reason : $"line {Line}: {Reason}";
}
