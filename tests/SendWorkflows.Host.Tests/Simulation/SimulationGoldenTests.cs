using System.Security.Cryptography;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// A generated 300-plan council year (Golden/: CaseloadGenerator seed 1, 2025/26, 300 plans, 30 requests) must give
/// exactly the files the simulator gave before the scale work (issue 18): speed-ups may change how the year is run,
/// never what it produces. A deliberate change of workflow behaviour changes these hashes: check the new outputs,
/// then update the hashes in the same commit and say why.
/// notifications.jsonl changed once on purpose (issue 17): the year now holds the 11 MonthlyReport e-mails (October to
/// August's first working days); without those lines it is byte for byte the file before.
/// </summary>
public sealed class SimulationGoldenTests : IDisposable
{
    static readonly Dictionary<string, string> Expected = new()
    {
        ["notifications.jsonl"] = "be23d9a134475d3df1e0ece1168ecf024f849a6d61fac4e55b12d7f71fc014c5",
        ["outcomes.jsonl"] = "7faa08bd3daa531905d4dd13fe9f9e3b668b0c989f367007a79ce033a489ec25",
        ["kpis.json"] = "9916dbb0eee37794506603c97d9b2f3c13d069bf45f2df322217aef3364295a3",
        ["rejected.jsonl"] = "6dc9e249748bb07db115d5b5724d75c004908a3623df680d71f1239d8c20243b",
    };

    readonly string output = Directory.CreateTempSubdirectory("simulate-golden-").FullName;

    [Fact]
    public async Task A_generated_300_plan_year_gives_the_same_bytes_as_before_the_scale_work()
    {
        var golden = Path.Combine(AppContext.BaseDirectory, "Simulation", "Golden");
        var errors = new StringWriter();
        var code = await SimulateCommand.RunAsync(
            ["--caseload", Path.Combine(golden, "caseload.csv"), "--contacts", Path.Combine(golden, "contacts.json"),
             "--events", Path.Combine(golden, "events.jsonl"), "--from", "2025-09-01", "--to", "2026-08-31", "--out", output],
            TextWriter.Null, errors);

        Assert.True(code == 0, errors.ToString());
        var lines = await File.ReadAllLinesAsync(Path.Combine(output, "notifications.jsonl"));
        Assert.True(lines.Length > 1000, $"only {lines.Length} notifications: the year did not run");
        foreach (var (file, hash) in Expected)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(output, file))));
            Assert.True(hash == actual, $"{file} differs from the golden output (sha256 {actual}, expected {hash})");
        }
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
