using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Intake;

/// <summary>
/// Issue 12, defect 5: a rejected item keeps what finds and fixes it (line, event id, case, type, field, reason) and
/// never a child's name, date of birth or an e-mail address, in every store: HTTP and queue intake, import, the
/// dashboard and simulate's rejected.jsonl.
/// </summary>
public sealed class RejectedPrivacyTests : IAsyncLifetime
{
    const string Name = "Jonathan Smithers";
    const string DateOfBirth = "2016-05-01";
    const string FamilyEmail = "smithers.family@home.example.org";

    static readonly string[] Personal = [Name, DateOfBirth, FamilyEmail, "senco@oak.example.org", "caseworker@council.example.org"];

    static readonly string RequestWithName = $$"""
        {"id":"evt-name","type":"AssessmentRequested","caseId":"EHC-2001","on":"2026-03-02","childInitials":"{{Name}}","dateOfBirth":"{{DateOfBirth}}",
         "yearGroup":"4","settingName":"Oak Primary","settingEmail":"senco@oak.example.org","caseworkerEmail":"caseworker@council.example.org","familyEmail":"{{FamilyEmail}}"}
        """.ReplaceLineEndings("");

    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    static void AssertNoPersonalData(string text)
    {
        foreach (var value in Personal)
            Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_rejected_request_with_a_full_name_is_kept_and_shown_without_the_name_date_of_birth_or_emails()
    {
        var api = host.Client(TestHost.ApiKey);
        var response = await api.PostAsync("/api/events", new StringContent(RequestWithName, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var kept = Assert.Single(host.Rejected.Items);
        Assert.Equal(("evt-name", "EHC-2001", "AssessmentRequested", "childInitials"), (kept.EventId, kept.CaseId, kept.Type, kept.Field));
        Assert.Contains("childInitials", kept.Reason, StringComparison.Ordinal);
        Assert.Contains("\"settingName\":\"Oak Primary\"", kept.Raw, StringComparison.Ordinal);
        AssertNoPersonalData(JsonSerializer.Serialize(kept));
        AssertNoPersonalData(await api.GetStringAsync("/api/rejected-events"));

        var page = await (await Forms.SignedInAsync(host)).GetStringAsync("/dashboard/rejected-events");
        Assert.Contains("evt-name", page, StringComparison.Ordinal);
        Assert.Contains("EHC-2001", page, StringComparison.Ordinal);
        AssertNoPersonalData(page);

        // Its own page (ADR 0110), with the content as kept, shows none either.
        var itemPage = await (await Forms.SignedInAsync(host)).GetStringAsync("/dashboard/rejected-events/1");
        Assert.Contains("&quot;settingName&quot;:&quot;Oak Primary&quot;", itemPage, StringComparison.Ordinal);
        AssertNoPersonalData(itemPage);
    }

    [Fact]
    public async Task A_rejected_caseload_row_keeps_its_line_plan_and_column_but_not_the_initials_or_date_of_birth()
    {
        var api = host.Client(TestHost.ApiKey);
        var caseload = $"""
            plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,family_email
            P-9,{Name},{DateOfBirth},5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-06-10,{FamilyEmail}
            """;

        var report = await (await api.PostAsync("/api/caseload", new StringContent(caseload, Encoding.UTF8, "text/csv"))).Content.ReadAsStringAsync();

        var kept = Assert.Single(host.Rejected.Items);
        Assert.Equal((2, "P-9", "child_initials"), (kept.Line, kept.CaseId, kept.Field));
        Assert.Contains("\"plan_id\":\"P-9\"", kept.Raw, StringComparison.Ordinal);
        AssertNoPersonalData(JsonSerializer.Serialize(kept));
        AssertNoPersonalData(report);
    }

    [Fact]
    public void A_record_read_back_from_an_older_store_with_personal_data_is_redacted()
    {
        var old = JsonSerializer.Deserialize<SendWorkflows.Workflows.RejectedEvent>(
            JsonSerializer.Serialize(new { Source = "http", Reason = "x", Raw = RequestWithName }))!;

        AssertNoPersonalData(old.Raw!);
        Assert.Contains("evt-name", old.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_writes_rejected_lines_without_personal_values_and_keeps_ids_of_broken_json()
    {
        var directory = Directory.CreateTempSubdirectory("rejected-privacy-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "contacts.json"), SampleEvents.Contacts);
            await File.WriteAllTextAsync(Path.Combine(directory, "caseload.csv"), $"""
                plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
                P-1,QX,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2026-06-10
                P-9,{Name},{DateOfBirth},5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2026-06-10

                """.ReplaceLineEndings("\n"));
            await File.WriteAllTextAsync(Path.Combine(directory, "events.jsonl"),
                RequestWithName.Replace("2026-03-02", "2026-09-07", StringComparison.Ordinal) + "\n" +
                $$"""{"id":"evt-broken","type":"AssessmentRequested","caseId":"EHC-2002","childInitials":"{{Name}}",""" + "\n");
            var errors = new StringWriter();

            await SimulateCommand.RunAsync(
                ["--caseload", Path.Combine(directory, "caseload.csv"), "--contacts", Path.Combine(directory, "contacts.json"),
                 "--events", Path.Combine(directory, "events.jsonl"), "--from", "2026-09-01", "--to", "2026-10-31", "--out", Path.Combine(directory, "out")],
                TextWriter.Null, errors);

            var rejected = await File.ReadAllTextAsync(Path.Combine(directory, "out", "rejected.jsonl"));
            AssertNoPersonalData(rejected);
            AssertNoPersonalData(errors.ToString());
            Assert.Contains("\"caseId\":\"P-9\"", rejected, StringComparison.Ordinal);
            Assert.Contains("\"eventId\":\"evt-name\"", rejected, StringComparison.Ordinal);
            Assert.Contains("\"eventId\":\"evt-broken\"", rejected, StringComparison.Ordinal);
            Assert.Contains("\"caseId\":\"EHC-2002\"", rejected, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task No_message_repeats_its_field_name()
    {
        var api = host.Client(TestHost.ApiKey);
        var body = await (await api.PostAsync("/api/events", new StringContent(RequestWithName, Encoding.UTF8, "application/json")))
            .Content.ReadFromJsonAsync<JsonElement>();

        var reason = body.GetProperty("results")[0].GetProperty("reason").GetString()!;
        Assert.StartsWith("childInitials ", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("childInitials: childInitials", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("childInitials: childInitials", Assert.Single(host.Rejected.Items).Reason, StringComparison.Ordinal);
    }
}
