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
        ["notifications.jsonl"] = "6a0bd73517cb504024b9e3191be37d95be8df8e109a01b75184bfa73bb50136f",
        ["outcomes.jsonl"] = "7faa08bd3daa531905d4dd13fe9f9e3b668b0c989f367007a79ce033a489ec25",
        ["kpis.json"] = "9916dbb0eee37794506603c97d9b2f3c13d069bf45f2df322217aef3364295a3",
        ["rejected.jsonl"] = "6dc9e249748bb07db115d5b5724d75c004908a3623df680d71f1239d8c20243b",
    };

    /// <summary>
    /// The first 300 plans and 30 requests of today's demo year (`generate-demo --year 2026`, with its annual review
    /// events: 2,128 events), hashes from main 4ee13ca before the shards of ADR 0013.
    /// </summary>
    static readonly Dictionary<string, string> Expected2026 = new()
    {
        ["notifications.jsonl"] = "d52c6abc217d9a408cc0429b4316d3a76c625a4d123243adb61de02e3462be9f",
        ["outcomes.jsonl"] = "2997ff18780df3e289e2616c2982cacc4cfd66066933319ee5560bfa644ed5ca",
        ["kpis.json"] = "566156ae94dd021644e46afdb275ef155e59b1cbbbc42f46d933eb337b021eef",
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
