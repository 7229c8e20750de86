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
/// notifications.jsonl changed once on purpose (issue 17): the year now holds the 11 MonthlyReport e-mails (October to
/// August's first working days); without those lines it is byte for byte the file before.
/// Merged issues 15, 16 and 17 (2026-12-01): both years now hold all three together (monitoring visits, family notices,
/// monthly reports, and kpis.json's placement and survey figures); the 2026 year's hashes, taken from main before
/// the shards, moved with them. Each hash is the same with 1 shard and with 6.
/// Issue 15/18 (ADR 0116): the council pass's weekly digests now list the assessments past week 16 and the overdue
/// visits as one runtime does (SimulationDigestTests); the hashes did not move, because notifications.jsonl carries
/// each notification's date, kind, case and addresses, never a digest's items.
/// </summary>
public sealed class SimulationGoldenTests : IDisposable
{
    internal static readonly Dictionary<string, string> Expected = new()
    {
        ["notifications.jsonl"] = "9060ef72a5bdb59879c08c8ffef81d0788382f9a38a2c8ff24d8811af205ad7d",
        ["outcomes.jsonl"] = "d5aaa193ab421e0239a11a34e25aa533e6f2c3251263cd23e021b82849b8c37a",
        ["kpis.json"] = "fabdda98fe66e3f7e9382307173c9778bd27b1212e9156fa52effb401d1c7f67",
        ["rejected.jsonl"] = "6dc9e249748bb07db115d5b5724d75c004908a3623df680d71f1239d8c20243b",
    };

    /// <summary>
    /// The first 300 plans and 30 requests of today's demo year (`generate-demo --year 2026`, with its annual review
    /// events: 2,128 events), hashes from main 4ee13ca before the shards of ADR 0013.
    /// </summary>
    static readonly Dictionary<string, string> Expected2026 = new()
    {
        ["notifications.jsonl"] = "8af920a776a644c962a28f663d8c69fc8332d4e76a675ea757c2f96fc43bda7d",
        ["outcomes.jsonl"] = "cae24f7e42c8c72e81848713f012c17036222068a0df359496aabb02e8a6176d",
        ["kpis.json"] = "648313937ea994a23e4472c8f0f0338bfce81230c1244b494dca0ee0e3c05ecb",
        ["rejected.jsonl"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    };

    readonly string output = Directory.CreateTempSubdirectory("simulate-golden-").FullName;

    /// <summary>One shard (the default size), and six shards of about 50 plans with the council pass over them (ADR 0013).</summary>
    [Theory]
    [InlineData("", 5000)]
    [InlineData("", 50)]
    [InlineData("-2026", 5000)]
    [InlineData("-2026", 50)]
    public async Task A_generated_300_plan_year_gives_the_same_bytes_as_before_the_scale_work(string inputs, int plansPerShard)
    {
        var golden = Path.Combine(AppContext.BaseDirectory, "Simulation", "Golden");
        var (from, to, expected) = inputs == "" ? ("2025-09-01", "2026-08-31", Expected) : ("2026-09-01", "2027-08-31", Expected2026);
        var errors = new StringWriter();
        var code = await SimulateCommand.RunAsync(
            ["--caseload", Path.Combine(golden, $"caseload{inputs}.csv"), "--contacts", Path.Combine(golden, $"contacts{inputs}.json"),
             "--events", Path.Combine(golden, $"events{inputs}.jsonl"), "--from", from, "--to", to, "--out", output,
             "--shard-plans", $"{plansPerShard}"],
            TextWriter.Null, errors);

        Assert.True(code == 0, errors.ToString());
        var lines = await File.ReadAllLinesAsync(Path.Combine(output, "notifications.jsonl"));
        Assert.True(lines.Length > 1000, $"only {lines.Length} notifications: the year did not run");
        foreach (var (file, hash) in expected)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(output, file))));
            Assert.True(hash == actual, $"{file} differs from the golden output (sha256 {actual}, expected {hash})");
        }
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
