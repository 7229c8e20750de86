using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Functions.Imports;

/// <summary>What became of one dropped or posted file.</summary>
public enum ImportStatus
{
    /// <summary>Loaded: <see cref="ImportResult.Report"/> has the counts and every rejected row (line and reason).</summary>
    Imported,

    /// <summary>A caseload that came before any contacts directory: it loads as soon as a contacts file is imported.</summary>
    WaitingForContacts,

    /// <summary>Not a file the engine reads (by its name); <see cref="ImportResult.Reason"/> says what to do.</summary>
    Refused,
}

/// <summary>
/// The result blob of one file (<c>import-results/{file}.result.json</c>): the file's name and SHA-256, never its
/// content; the report carries the contract's counts and the rejected rows without personal values (ADR 0025).
/// </summary>
public sealed record ImportResult(
    string File, string Sha256, string Channel, DateTimeOffset At, ImportStatus Status, ImportReport? Report = null, string? Reason = null)
{
    /// <summary>This firing found the same file already imported and changed nothing (at-least-once triggers).</summary>
    public bool Repeat { get; init; }
}
