using System.Security.Cryptography;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// A generated 300-plan council year (Golden/: CaseloadGenerator seed 1, 2025/26, 300 plans, 30 requests) must give
/// exactly the files the simulator gave before the scale work (issue 18): speed-ups may change how the year is run,
/// never what it produces. A deliberate change of workflow behaviour changes these hashes: check the new outputs,
/// then update the hashes in the same commit and say why. Issue 16 (family notices, version 2): the files gained the
/// family notices (82 lines, all to caseworkers to post: the generated caseload has no family e-mails), 15
/// FamilySurveyOutcome lines and kpis.json's familySurveys; without those lines and that field each file hashes to
/// its value before issue 16 (6a0bd735..., 7faa08bd..., 9916dbb0...), so nothing else changed.
/// </summary>
public sealed class SimulationGoldenTests : IDisposable
{
    static readonly Dictionary<string, string> Expected = new()
    {
        ["notifications.jsonl"] = "a8f6b16cc7113fd1125415721bd153f9302d2579457e7a920a35f19189d25760",
        ["outcomes.jsonl"] = "d5aaa193ab421e0239a11a34e25aa533e6f2c3251263cd23e021b82849b8c37a",
        ["kpis.json"] = "5fe43e0afe5ba2fdc5a0433d1319b9f8a440ed0fb79ce9017ad8081e61a7a8bd",
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
