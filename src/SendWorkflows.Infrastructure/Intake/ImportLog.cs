using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SendWorkflows.Infrastructure.Intake;

/// <summary>
/// One load of a caseload or contacts file as the dashboard lists it: which file (its name and SHA-256, never its
/// content), when, through which channel, and the report (counts and rejected rows with line and reason, ADR 0025).
/// <paramref name="By"/> is the signed-in administrator who uploaded it from the dashboard (null for a system's load).
/// </summary>
public sealed record ImportRecord(string File, string Sha256, string Channel, DateTimeOffset At, ImportReport Report, string? By = null)
{
    /// <summary>The lower-case hex SHA-256 of a file's bytes: what makes "the same file again" recognisable.</summary>
    public static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>Every import's record, newest first; both hosts write it through <see cref="CaseloadImport"/>.</summary>
public interface IImportLog
{
    Task RecordAsync(ImportRecord record, CancellationToken cancellationToken = default);

    /// <summary>The latest <paramref name="count"/> records, newest first.</summary>
    Task<IReadOnlyList<ImportRecord>> LatestAsync(int count, CancellationToken cancellationToken = default);
}

/// <summary>The in-memory log (simulation, tests, serve on in-memory storage).</summary>
public sealed class InMemoryImportLog : IImportLog
{
    readonly ConcurrentQueue<ImportRecord> records = new();

    public Task RecordAsync(ImportRecord record, CancellationToken cancellationToken = default)
    {
        records.Enqueue(record);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImportRecord>> LatestAsync(int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ImportRecord>>([.. records.Reverse().Take(count)]);
}
