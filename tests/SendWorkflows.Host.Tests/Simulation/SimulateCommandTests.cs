using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

public sealed class SimulateCommandTests : IDisposable
{
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,contributors
        P1,AB,2015-03-01,4,Oak Primary,senco@oak.example,mainstream,cw@council.example,2022-03-01,2024-06-10,ep;health
        P2,CD,2014-10-01,6,Oak Primary,senco@oak.example,mainstream,cw@council.example,2021-03-01,2025-03-10,ep
        P3,EF,not-a-date,4,Oak Primary,senco@oak.example,mainstream,cw@council.example,2022-03-01,,ep
        """;

    const string Contacts = """
        {"contacts": {
          "ep": {"role": "educational_psychology", "email": "ep@council.example", "manager": "ep.manager@council.example", "seniorLead": "ep.lead@council.example"},
          "health": {"role": "health", "email": "health@nhs.example", "manager": "health.manager@nhs.example", "seniorLead": "health.lead@nhs.example"}
         },
         "senManager": "sen.manager@council.example", "assistantDirector": "ad@council.example"}
        """;

    const string Events = """
        {"id": "e1", "type": "AssessmentRequested", "caseId": "C1", "on": "2025-09-08", "childInitials": "GH", "dateOfBirth": "2019-01-10", "yearGroup": "1", "settingName": "Oak Primary", "settingEmail": "senco@oak.example", "caseworkerEmail": "cw@council.example"}
        {"id": "e2", "type": "AssessmentDecision", "caseId": "C1", "on": "2025-09-22", "decision": "assess"}
        {"id": "e3", "type": "AdviceRequested", "caseId": "C1", "on": "2025-09-23", "contact": "health"}
        {"id": "e4", "type": "ReviewDecision", "caseId": "P2", "on": "2025-09-24", "decision": "maintain"}
        {"id": "e5", "type": "NoSuchType", "caseId": "C1", "on": "2025-09-24"}
        """;

    readonly string directory = Directory.CreateTempSubdirectory("simulate-test-").FullName;

    string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    async Task<(int Code, string Errors)> Simulate(string outName, string events = Events, params string[] more)
    {
        var errors = new StringWriter();
        var code = await SimulateCommand.RunAsync(
            ["--caseload", Write("caseload.csv", Caseload), "--contacts", Write("contacts.json", Contacts), "--events", Write("events.jsonl", events),
             "--from", "2025-09-01", "--to", "2025-12-31", "--out", Path.Combine(directory, outName), .. more],
            TextWriter.Null, errors);
        return (code, errors.ToString());
    }

    [Fact]
    public async Task Kpis_for_a_period_are_written_beside_kpis_json_and_the_year_to_date_equals_it()
    {
        var (code, errors) = await Simulate("periods", Events, "--kpis-for", "month:2025-10", "--kpis-for", "term:2025-autumn", "--kpis-for", "year:2025");

        Assert.True(code == 0, errors);
        var month = await File.ReadAllTextAsync(Path.Combine(directory, "periods", "kpis-month-2025-10.json"));
        Assert.Contains("\"from\": \"2025-10-01\",\n  \"to\": \"2025-10-31\",\n  \"asOf\": \"2025-12-31\"", month, StringComparison.Ordinal);
        Assert.Contains("\"from\": \"2025-09-01\",\n  \"to\": \"2025-12-31\"" /* the term runs to 4 January, cut at --to */, await File.ReadAllTextAsync(Path.Combine(directory, "periods", "kpis-term-2025-autumn.json")), StringComparison.Ordinal);
        // The academic year to the run's last day is the run's own period (1 September to --to): kpis.json itself.
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(directory, "periods", "kpis.json")),
            await File.ReadAllTextAsync(Path.Combine(directory, "periods", "kpis-year-2025.json")));
    }

    [Fact]
    public async Task A_period_that_is_not_one_or_starts_after_the_run_is_refused_by_name()
    {
        var (code, errors) = await Simulate("bad", Events, "--kpis-for", "fortnight:2025-10", "--kpis-for", "month:2026-02");

        Assert.NotEqual(0, code);
        Assert.Contains("--kpis-for: 'fortnight:2025-10' is not a period", errors, StringComparison.Ordinal);
        Assert.Contains("--kpis-for: the period month:2026-02 starts after 2025-12-31", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "bad")), "nothing is simulated when an option is wrong");
    }

    [Fact]
    public async Task Same_inputs_give_byte_identical_outputs()
    {
        Assert.Equal(0, (await Simulate("first")).Code);
        Assert.Equal(0, (await Simulate("second")).Code);

        foreach (var file in new[] { "notifications.jsonl", "outcomes.jsonl", "kpis.json", "rejected.jsonl" })
        {
            var first = await File.ReadAllBytesAsync(Path.Combine(directory, "first", file));
            Assert.NotEmpty(first);
            Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(directory, "second", file)));
        }
    }

    [Fact]
    public async Task A_finished_run_leaves_exactly_its_four_files_and_a_rerun_replaces_them()
    {
        Assert.Equal(0, (await Simulate("out")).Code);
        var first = await File.ReadAllBytesAsync(Path.Combine(directory, "out", "outcomes.jsonl"));
        Assert.Equal(0, (await Simulate("out")).Code);

        Assert.Equal(
            ["kpis.json", "notifications.jsonl", "outcomes.jsonl", "rejected.jsonl"],
            Directory.GetFileSystemEntries(Path.Combine(directory, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(directory, "out", "outcomes.jsonl")));
    }

    [Fact]
    public async Task A_placement_and_caseworker_change_send_the_plans_later_notices_to_the_new_recipients_and_a_bad_one_is_kept_with_its_reason()
    {
        const string changes = """
            {"id": "m1", "type": "PlacementChanged", "caseId": "P2", "on": "2025-09-08", "settingName": "Birch Academy", "settingEmail": "senco@birch.example", "settingType": "mainstream"}
            {"id": "m2", "type": "CaseworkerChanged", "caseId": "P2", "on": "2025-09-08", "caseworkerEmail": "cw2@council.example"}
            {"id": "m3", "type": "PlacementChanged", "caseId": "P2", "on": "2025-09-09", "settingName": "Elm", "settingEmail": "senco@elm.example", "settingType": "academy"}
            """;

        await Simulate("out", changes);

        var lines = await File.ReadAllLinesAsync(Path.Combine(directory, "out", "notifications.jsonl"));
        Assert.Contains(
            """{"on":"2025-09-15","kind":"ReviewUpcoming","caseId":"P2","to":["senco@birch.example"],"cc":[],"dueOn":"2025-11-23"}""", lines);
        Assert.Contains(
            """{"on":"2025-10-13","kind":"ReviewMeetingNotScheduled","caseId":"P2","to":["senco@birch.example","cw2@council.example"],"cc":[],"dueOn":"2025-11-23"}""", lines);
        Assert.DoesNotContain(lines, l => l.Contains("\"caseId\":\"P2\"", StringComparison.Ordinal) && l.Contains("senco@oak.example", StringComparison.Ordinal));
        var rejected = await File.ReadAllTextAsync(Path.Combine(directory, "out", "rejected.jsonl"));
        Assert.Contains("settingType 'academy' is not one of", rejected, StringComparison.Ordinal);
        Assert.Contains("m3", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifications_carry_exactly_the_contracts_fields_in_date_order()
    {
        await Simulate("out");

        var lines = await File.ReadAllLinesAsync(Path.Combine(directory, "out", "notifications.jsonl"));
        Assert.Contains(
            """{"on":"2025-09-01","kind":"ReviewEscalation","caseId":"P1","to":["sen.manager@council.example"],"cc":["senco@oak.example","cw@council.example"],"dueOn":"2025-06-10"}""",
            lines);
        Assert.Contains(
            """{"on":"2025-09-23","kind":"AdviceRequest","caseId":"C1","to":["health@nhs.example"],"cc":[],"dueOn":"2025-11-04"}""",
            lines);
        var dates = lines.Select(l => l[7..17]).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task Outcomes_carry_their_type_key_and_whether_the_cycle_is_still_open()
    {
        await Simulate("out");

        var lines = await File.ReadAllLinesAsync(Path.Combine(directory, "out", "outcomes.jsonl"));
        var overdue = Assert.Single(lines, l => l.Contains("\"review:P1/c1\"", StringComparison.Ordinal));
        Assert.StartsWith("""{"type":"ReviewOutcome","key":"review:P1/c1","open":true,"planId":"P1","cycle":1,"dueOn":"2025-06-10",""", overdue);
        Assert.Contains("""  "meeting":{"limit":"meeting","dueOn":"2025-06-10","doneOn":null,"status":"Missed"}""".Trim(), overdue);
    }

    [Fact]
    public async Task Rejected_rows_and_events_are_kept_in_rejected_jsonl_and_summarised_on_stderr()
    {
        var (code, errors) = await Simulate("out");

        Assert.Equal(0, code);
        var rejected = await File.ReadAllTextAsync(Path.Combine(directory, "out", "rejected.jsonl"));
        Assert.Contains("\"source\":\"caseload\"", rejected);
        Assert.Contains("\"line\":4", rejected);
        Assert.Contains("NoSuchType", rejected);
        Assert.Contains("no review meeting has taken place in this cycle", rejected);
        Assert.Contains("rejected and kept in rejected.jsonl", errors);
        Assert.DoesNotContain("not-a-date", errors);
    }

    [Fact]
    public async Task A_missing_option_is_named()
    {
        var errors = new StringWriter();

        var code = await SimulateCommand.RunAsync(["--caseload", "x.csv"], TextWriter.Null, errors);

        Assert.Equal(2, code);
        Assert.Contains("'--contacts' is required", errors.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_shard_size_below_one_is_named()
    {
        var errors = new StringWriter();

        var code = await SimulateCommand.RunAsync(
            ["--caseload", "x.csv", "--contacts", "c.json", "--from", "2025-09-01", "--to", "2025-12-31", "--out", directory, "--shard-plans", "0"],
            TextWriter.Null, errors);

        Assert.Equal(2, code);
        Assert.Contains("--shard-plans must be at least 1, not 0", errors.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
