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
/// One rejected item, kept for the rejected-items store. <see cref="Reason"/> is safe to log: it never repeats a
/// child's initials or date of birth. <see cref="Raw"/> is the item's exact text and may hold personal data, so it
/// belongs in the rejected store, not in logs.
/// </summary>
/// <param name="Line">1-based line of the input where the item starts, when the input has lines.</param>
/// <param name="Field">The column, property or path at fault (the first, when several are); null when the item as a whole is.</param>
/// <param name="Reason">Every problem found in the item, separated by "; ".</param>
/// <param name="Raw">The item's text as received.</param>
public sealed record IntakeRejection(int? Line, string? Field, string Reason, string Raw)
{
    /// <summary>Safe to log: leaves <see cref="Raw"/> out.</summary>
    public override string ToString() => Line is null ? Reason : $"line {Line}: {Reason}";
}
