using System.Text.Json;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary><c>simulate --what-if</c> over the golden 300-plan year: parsing, determinism and the direction of its effects.</summary>
public sealed class WhatIfTests : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("simulate-what-if-").FullName;

    async Task<(int Code, string Console, string Errors, string Directory)> Simulate(string name, params string[] whatIf)
    {
        var golden = Path.Combine(AppContext.BaseDirectory, "Simulation", "Golden");
        var directory = Path.Combine(output, name);
        var (console, errors) = (new StringWriter(), new StringWriter());
        var code = await SimulateCommand.RunAsync(
            ["--caseload", Path.Combine(golden, "caseload.csv"), "--contacts", Path.Combine(golden, "contacts.json"),
             "--events", Path.Combine(golden, "events.jsonl"), "--from", "2025-09-01", "--to", "2026-08-31", "--out", directory, .. whatIf],
            console, errors);
        return (code, console.ToString(), errors.ToString(), directory);
    }

    static JsonElement Report(string directory) => JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "what-if.json"))).RootElement;

    [Theory]
    [InlineData("--requests", "1.3", "--requests must be a factor written as x1.3 (between x0 and x10) times the assessment requests in --events, not '1.3'")]
    [InlineData("--requests", "x-1", "--requests must be a factor written as x1.3 (between x0 and x10) times the assessment requests in --events, not 'x-1'")]
    [InlineData("--advice-delay", "2m", "--advice-delay must be a number of days or weeks with an optional sign, as +2w or -3d (at most 365 days), not '2m'")]
    [InlineData("--advice-delay", "+-2w", "--advice-delay must be a number of days or weeks with an optional sign, as +2w or -3d (at most 365 days), not '+-2w'")]
    public async Task A_bad_what_if_value_is_named_and_nothing_runs(string option, string value, string error)
    {
        var (code, _, errors, directory) = await Simulate("bad", "--what-if", option, value);

        Assert.Equal(2, code);
        Assert.Contains(error, errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task A_what_if_setting_without_what_if_is_refused()
    {
        var (code, _, errors, _) = await Simulate("plain", "--requests", "x2");

        Assert.Equal(2, code);
        Assert.Contains("--requests is a what-if setting: add --what-if", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x1.3", 30, 39)]
    [InlineData("x0.5", 30, 15)]
    public void Requests_are_scaled_to_the_nearest_whole_request(string factor, int given, int simulated)
    {
        Assert.True(WhatIfScenario.TryParseRequests(factor, out var parsed, out _));
        Assert.Equal(simulated, (int)Math.Round(given * parsed, MidpointRounding.AwayFromZero));
        Assert.True(WhatIfScenario.TryParseAdviceDelay("+2w", out var days, out _));
        Assert.Equal(14, days);
        Assert.True(WhatIfScenario.TryParseAdviceDelay("-3d", out days, out _));
        Assert.Equal(-3, days);
    }

    [Fact]
    public async Task The_same_scenario_and_seed_give_the_same_files_and_more_requests_and_slower_advice_give_more_notifications()
    {
        var baseline = await Simulate("baseline", "--what-if");
        var first = await Simulate("first", "--what-if", "--requests", "x1.5", "--advice-delay", "+2w", "--seed", "7");
        var second = await Simulate("second", "--what-if", "--requests", "x1.5", "--advice-delay", "+2w", "--seed", "7");
        Assert.True(baseline.Code == 0, baseline.Errors);
        Assert.True(first.Code == 0, first.Errors);

        foreach (var file in new[] { "notifications.jsonl", "outcomes.jsonl", "kpis.json", "rejected.jsonl", "what-if.json" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(first.Directory, file)), await File.ReadAllBytesAsync(Path.Combine(second.Directory, file)));
        }

        var (plain, more) = (Report(baseline.Directory), Report(first.Directory));
        Assert.Equal(30, plain.GetProperty("assessmentRequestsSimulated").GetInt32());
        Assert.Equal(45, more.GetProperty("assessmentRequestsSimulated").GetInt32());
        Assert.True(more.GetProperty("adviceReceiptsMoved").GetInt32() > 0);
        Assert.True(more.GetProperty("notifications").GetInt32() > plain.GetProperty("notifications").GetInt32());
        Assert.True(more.GetProperty("perCaseworkerPerWeek").GetDouble() > plain.GetProperty("perCaseworkerPerWeek").GetDouble());
        Assert.True(
            more.GetProperty("notificationsByKind").GetProperty("AdviceReminder").GetInt32() > plain.GetProperty("notificationsByKind").GetProperty("AdviceReminder").GetInt32(),
            "slower advice and more requests should mean more advice reminders");
        Assert.Contains("what-if: requests x1.5 (30 -> 45 assessment requests), advice +2w", first.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_what_if_with_no_changes_gives_the_plain_runs_files()
    {
        var plain = await Simulate("plain");
        var whatIf = await Simulate("what-if", "--what-if");

        foreach (var file in new[] { "notifications.jsonl", "outcomes.jsonl", "kpis.json", "rejected.jsonl" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(plain.Directory, file)), await File.ReadAllBytesAsync(Path.Combine(whatIf.Directory, file)));
        }

        Assert.False(File.Exists(Path.Combine(plain.Directory, "what-if.json")));
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
