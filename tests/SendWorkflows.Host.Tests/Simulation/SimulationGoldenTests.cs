using System.Security.Cryptography;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// A generated 300-plan council year (Golden/: CaseloadGenerator seed 1, 2025/26, 300 plans, 30 requests) must give
/// exactly the files the simulator gave before the scale work (issue 18): speed-ups may change how the year is run,
/// never what it produces. A deliberate change of workflow behaviour changes these hashes: check the new outputs,
/// then update the hashes in the same commit and say why.
/// </summary>
public sealed class SimulationGoldenTests : IDisposable
{
    static readonly Dictionary<string, string> Expected = new()
    {
        ["notifications.jsonl"] = "4264e4da62162ac8711d5ab63089e1edd3dc0b3b3362eb9e47df41d327e98912",
        ["outcomes.jsonl"] = "7faa08bd3daa531905d4dd13fe9f9e3b668b0c989f367007a79ce033a489ec25",
        ["kpis.json"] = "6e6aa47b137fe93194ecc22cb58153f09a183b7c51083bf933d660123adbd246",
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
