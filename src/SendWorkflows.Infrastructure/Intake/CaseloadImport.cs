using Microsoft.Extensions.Logging;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Infrastructure.Intake;

/// <summary>One rejected row or item of an import, as reported to whoever imported it.</summary>
public sealed record ImportProblem(int? Line, string? Field, string Reason, string? PlanId = null);

/// <summary>What an import did: how many items were taken and every one that was not, with why.</summary>
/// <param name="Plans">For a caseload: how many plans were started, updated, unchanged and rejected (contract section 1).</param>
/// <param name="Changes">For a caseload: each running plan the load changed, or whose row differs in a field no event applies yet.</param>
public sealed record ImportReport(
    string What, int Imported, IReadOnlyList<ImportProblem> Rejected, PlanCounts? Plans = null, IReadOnlyList<PlanChange>? Changes = null)
{
    public bool Succeeded => Rejected.Count == 0;
}

/// <summary>The four counts of a caseload load. A plan counted unchanged may still be listed with fields not yet applied.</summary>
public sealed record PlanCounts(int Started, int Updated, int Unchanged, int Rejected);

/// <summary>A running plan's changed fields (by name, never by value): applied by an event, or not yet applied.</summary>
public sealed record PlanChange(string PlanId, IReadOnlyList<string> Applied, IReadOnlyList<string> NotYetApplied);

/// <summary>
/// Where an imported file came from: its name and the channel (serve's API or command, a blob, an HTTP upload, the
/// dashboard), and for the dashboard the administrator who sent it (kept in the import log).
/// </summary>
public sealed record ImportSource(string File, string Channel, string? By = null)
{
    public static ImportSource Serve(string what) => new(what, "serve");
}

/// <summary>
/// What a host does once an import has saved a contacts directory, whatever the channel: the Functions app loads the
/// caseloads waiting for one in its imports container (ADR 0085, 0118). <c>serve</c> has none and registers nothing.
/// </summary>
public interface IContactsSaved
{
    Task ContactsSavedAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Loads the contract's caseload and contacts files (from the command line or HTTP). Rejected rows are reported and
/// kept in the rejected store; good rows still load. Contacts come first: caseload contributors are checked against them.
/// </summary>
public sealed partial class CaseloadImport(
    IContactsDirectoryStore contacts,
    IRejectedEventStore rejected,
    IWorkflowEventDispatcher workflows,
    TimeProvider clock,
    ILogger<CaseloadImport> logger,
    IImportLog? log = null,
    IContactsSaved? contactsSaved = null)
{
    /// <summary>Plans loaded at once.</summary>
    const int ConcurrentLoads = 8;

    public Task<ImportReport> ImportContactsAsync(string json, CancellationToken cancellationToken = default) =>
        ImportContactsAsync(ContactsDirectoryReader.Read(json), cancellationToken);

    /// <summary>The file as received: bytes that are not UTF-8 are rejected, never altered.</summary>
    public Task<ImportReport> ImportContactsAsync(byte[] utf8, CancellationToken cancellationToken = default) =>
        ImportContactsAsync(utf8, ImportSource.Serve("contacts"), cancellationToken);

    /// <summary>As above, and kept in the import log under the file's name and channel.</summary>
    public async Task<ImportReport> ImportContactsAsync(byte[] utf8, ImportSource source, CancellationToken cancellationToken)
    {
        var report = await ImportContactsAsync(ContactsDirectoryReader.Read(utf8), cancellationToken);
        await RecordAsync(source, utf8, report, cancellationToken);
        return report;
    }

    async Task<ImportReport> ImportContactsAsync(IntakeResult<ContactsDirectory> result, CancellationToken cancellationToken)
    {
        var problems = result.Rejected.Select(r => new ImportProblem(r.Line, r.Field, r.Reason)).ToList();
        foreach (var rejection in result.Rejected)
        {
            await rejected.RecordAsync(new RejectedEvent("contacts", rejection.Reason, Line: rejection.Line, Raw: rejection.Redacted, Field: rejection.Field), cancellationToken);
        }

        var directory = result.Accepted.Count > 0 ? result.Accepted[0] : null;
        if (directory is not null)
        {
            await contacts.SaveAsync(directory, cancellationToken);
            if (contactsSaved is not null)
            {
                await contactsSaved.ContactsSavedAsync(cancellationToken);
            }
        }

        LogContacts(directory?.Contacts.Count ?? 0, problems.Count);
        return new ImportReport("contacts", directory?.Contacts.Count ?? 0, problems);
    }

    public Task<ImportReport> ImportCaseloadAsync(string csv, CancellationToken cancellationToken = default) =>
        ImportCaseloadAsync((today, directory) => CaseloadCsvReader.Read(csv, today, directory), cancellationToken);

    /// <summary>The file as received: bytes that are not UTF-8 are rejected, never altered.</summary>
    public Task<ImportReport> ImportCaseloadAsync(byte[] utf8, CancellationToken cancellationToken = default) =>
        ImportCaseloadAsync(utf8, ImportSource.Serve("caseload"), cancellationToken);

    /// <summary>As above, and kept in the import log under the file's name and channel.</summary>
    public async Task<ImportReport> ImportCaseloadAsync(byte[] utf8, ImportSource source, CancellationToken cancellationToken)
    {
        var report = await ImportCaseloadAsync((today, directory) => CaseloadCsvReader.Read(utf8, today, directory), cancellationToken);
        await RecordAsync(source, utf8, report, cancellationToken);
        return report;
    }

    Task RecordAsync(ImportSource source, byte[] content, ImportReport report, CancellationToken cancellationToken) =>
        log?.RecordAsync(new ImportRecord(source.File, ImportRecord.HashOf(content), source.Channel, clock.GetUtcNow(), report, source.By), cancellationToken)
        ?? Task.CompletedTask;

    /// <summary>
    /// What the import would reject in a caseload file, read exactly as <see cref="ImportCaseloadAsync(byte[], ImportSource, CancellationToken)"/>
    /// reads it, without loading or keeping anything: a correction form's check before it sends a row (ADR 0110).
    /// </summary>
    public async Task<IReadOnlyList<ImportProblem>> CheckCaseloadAsync(byte[] utf8, CancellationToken cancellationToken = default) =>
        [.. (await ReadCaseloadAsync((today, directory) => CaseloadCsvReader.Read(utf8, today, directory), cancellationToken))
            .Result.Rejected.Select(r => new ImportProblem(r.Line, r.Field, r.Reason, r.CaseId))];

    async Task<(IntakeResult<PlanRecord> Result, ContactsDirectory? Directory)> ReadCaseloadAsync(
        Func<DateOnly, ContactsDirectory?, IntakeResult<PlanRecord>> read, CancellationToken cancellationToken)
    {
        var directory = await contacts.ExistsAsync(cancellationToken) ? await contacts.GetAsync(cancellationToken) : null;
        return (read(UkTime.DateOf(clock.GetUtcNow().UtcDateTime), directory), directory);
    }

    async Task<ImportReport> ImportCaseloadAsync(
        Func<DateOnly, ContactsDirectory?, IntakeResult<PlanRecord>> read, CancellationToken cancellationToken)
    {
        var (result, directory) = await ReadCaseloadAsync(read, cancellationToken);
        var problems = new List<ImportProblem>();
        foreach (var rejection in result.Rejected)
        {
            await rejected.RecordAsync(
                new RejectedEvent("caseload", rejection.Reason, CaseId: rejection.CaseId, Line: rejection.Line, Raw: rejection.Redacted, Field: rejection.Field),
                cancellationToken);
            problems.Add(new ImportProblem(rejection.Line, rejection.Field, rejection.Reason, rejection.CaseId));
        }

        // Rows are distinct plans (the reader rejects a repeated plan id), so they load side by side: each load is a few
        // storage round trips, and one at a time a council-size file spends its time waiting on them (ADR 0120).
        var loads = new PlanLoad[result.Accepted.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, loads.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentLoads, CancellationToken = cancellationToken },
            // The plans load with the directory the file was checked against: one read an import, not one a plan.
            async (i, token) => loads[i] = await workflows.LoadPlanAsync(result.Accepted[i], directory, token));
        foreach (var load in loads.Where(load => load.Outcome == PlanLoadOutcome.Rejected))
        {
            var reason = load.Reason ?? "the workflow could not start";
            await rejected.RecordAsync(new RejectedEvent("caseload", reason, CaseId: load.PlanId), cancellationToken);
            problems.Add(new ImportProblem(null, null, reason, load.PlanId));
        }

        var counts = new PlanCounts(
            Count(PlanLoadOutcome.Started), Count(PlanLoadOutcome.Updated), Count(PlanLoadOutcome.Unchanged), problems.Count);
        var changes = loads
            .Where(load => load.Applied.Count > 0 || load.NotYetApplied.Count > 0)
            .Select(load => new PlanChange(load.PlanId, load.Applied, load.NotYetApplied))
            .ToList();
        LogCaseload(counts.Started, counts.Updated, counts.Unchanged, counts.Rejected);
        return new ImportReport("caseload", counts.Started + counts.Updated + counts.Unchanged, problems, counts, changes);

        int Count(PlanLoadOutcome outcome) => loads.Count(load => load.Outcome == outcome);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contacts import: {Imported} contacts, {Rejected} rejected")]
    partial void LogContacts(int imported, int rejected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caseload import: {Started} started, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    partial void LogCaseload(int started, int updated, int unchanged, int rejected);
}
