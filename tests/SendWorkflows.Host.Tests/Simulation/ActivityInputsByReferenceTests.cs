using SendWorkflows.Host.Simulation;
using SendWorkflows.Runtime;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// ADR 0017: a simulation hands its activities the orchestrators' objects instead of JSON copies. On both golden
/// years (every workflow and activity the simulation runs, case and council) each input handed over so is checked
/// against the JSON copy the real engine would have made, and against itself when the activity starts and ends; so is
/// each orchestration input and event payload handed over (ADR 0136), against the JSON it had when handed over, which
/// only the audit writes (ADR 0141).
/// </summary>
public sealed class ActivityInputsByReferenceTests : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("simulate-byref-").FullName;

    [Theory]
    [InlineData("", "2025-09-01", "2026-08-31")]
    [InlineData("-2026", "2026-09-01", "2027-08-31")]
    public async Task Every_activity_input_of_a_golden_year_is_what_its_json_copy_would_be_and_nobody_changes_it(string inputs, string from, string to)
    {
        var golden = Path.Combine(AppContext.BaseDirectory, "Simulation", "Golden");
        var audit = new ActivityInputAudit();
        var result = await new Simulator(new SimulationOptions(
            Path.Combine(golden, $"caseload{inputs}.csv"), Path.Combine(golden, $"contacts{inputs}.json"), Path.Combine(golden, $"events{inputs}.jsonl"),
            DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            output) { PlansPerShard = 100, ActivityInputAudit = audit }).RunAsync();

        Assert.Empty(result.FailedWorkflows);
        Assert.True(result.Notifications.Count > 1000, $"only {result.Notifications.Count} notifications: the year did not run");
        // Every notification, outcome and register write of the year went through an activity input checked here.
        Assert.True(audit.Checked > result.Notifications.Count, $"only {audit.Checked} inputs were checked");
        Assert.True(audit.Differences.Count == 0, string.Join(Environment.NewLine, audit.Differences.Take(5)));
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
