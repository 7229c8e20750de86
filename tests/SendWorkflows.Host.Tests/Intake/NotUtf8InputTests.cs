using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Host.Tests.Intake;

/// <summary>
/// Issue 12, defect 6: a Windows-1252 byte (0xE9, "é") is rejected naming its line and byte in every channel, and
/// never stored as U+FFFD.
/// </summary>
public sealed class NotUtf8InputTests : IAsyncLifetime
{
    /// <summary>"Ecole Sainte-Cl\xE9mence": the é as Windows-1252 writes it, at byte 21 of the caseload's line 2.</summary>
    static readonly byte[] Caseload = Latin1Setting(
        "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on\n" +
        "P-1,QX,2015-02-03,5,St Cl\u00e9ment Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2026-06-10\n");

    static readonly byte[] Events = Latin1Setting(
        """{"id":"evt-1","type":"AssessmentRequested","caseId":"EHC-1001","on":"2026-09-07","childInitials":"QX","dateOfBirth":"2016-05-01","yearGroup":"4","settingName":"St Cl""" +
        "\u00e9" + """ment Primary","settingEmail":"senco@oak.example.org","caseworkerEmail":"caseworker@council.example.org"}""" + "\n");

    TestHost host = null!;
    readonly string folder = Directory.CreateTempSubdirectory("not-utf8-").FullName;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    static byte[] Latin1Setting(string text) => Encoding.Latin1.GetBytes(text);

    static int ByteOfE9(byte[] bytes)
    {
        var index = Array.IndexOf(bytes, (byte)0xE9);
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', index) + 1;
        return index - lineStart + 1;
    }

    string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task Http_event_body_is_refused_with_its_line_and_byte()
    {
        var response = await host.Client(TestHost.ApiKey).PostAsync("/api/events", new ByteArrayContent(Events));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains($"line 1, byte {ByteOfE9(Events)} (0xE9) is not valid UTF-8", detail, StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task Http_caseload_row_is_not_loaded_and_the_line_and_byte_are_reported_and_kept()
    {
        var api = host.Client(TestHost.ApiKey);
        await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));

        var report = await (await api.PostAsync("/api/caseload", new ByteArrayContent(Caseload))).Content.ReadAsStringAsync();

        Assert.Contains($"line 2, byte {ByteOfE9(Caseload)} (0xE9) is not valid UTF-8", report, StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.StartedPlans);
        var kept = Assert.Single(host.Rejected.Items);
        Assert.Equal(2, kept.Line);
        Assert.DoesNotContain("\uFFFD", JsonSerializer.Serialize(kept), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_contacts_are_refused_with_the_line_and_byte()
    {
        var contacts = Latin1Setting(SampleEvents.Contacts.Replace("ep.team@", "ep.t\u00e9am@", StringComparison.Ordinal));

        var response = await host.Client(TestHost.ApiKey).PostAsync("/api/contacts", new ByteArrayContent(contacts));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"byte {ByteOfE9(contacts)} (0xE9) is not valid UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_command_reports_the_line_and_byte_and_fails()
    {
        var output = new StringWriter();

        var exit = await ImportCommand.RunAsync(
        [
            "--contacts", Write("contacts.json", Encoding.UTF8.GetBytes(SampleEvents.Contacts)),
            "--caseload", Write("caseload.csv", Caseload),
            "--Storage:Provider=InMemory", $"--Links:SigningKey={TestHost.SigningKey}",
        ], output);

        Assert.NotEqual(0, exit);
        Assert.Contains($"line 2, byte {ByteOfE9(Caseload)} (0xE9) is not valid UTF-8", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("caseload: 0 imported, 1 rejected", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_rejects_the_caseload_and_the_event_line_naming_line_and_byte()
    {
        var valid = "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on\n" +
            "P-2,QY,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2026-06-10\n";
        var errors = new StringWriter();

        await SimulateCommand.RunAsync(
            ["--caseload", Write("caseload.csv", Encoding.UTF8.GetBytes(valid)), "--contacts", Write("contacts.json", Encoding.UTF8.GetBytes(SampleEvents.Contacts)),
             "--events", Write("events.jsonl", Events), "--from", "2026-09-01", "--to", "2026-10-31", "--out", Path.Combine(folder, "out")],
            TextWriter.Null, errors);

        var rejected = await File.ReadAllTextAsync(Path.Combine(folder, "out", "rejected.jsonl"));
        Assert.Contains($"byte {ByteOfE9(Events)} (0xE9) is not valid UTF-8", rejected, StringComparison.Ordinal);
        Assert.Contains("\"line\":1", rejected, StringComparison.Ordinal);
        Assert.Contains("\"eventId\":\"evt-1\"", rejected, StringComparison.Ordinal);
        Assert.DoesNotContain("\uFFFD", await File.ReadAllTextAsync(Path.Combine(folder, "out", "notifications.jsonl")), StringComparison.Ordinal);

        var caseloadErrors = new StringWriter();
        var exit = await SimulateCommand.RunAsync(
            ["--caseload", Write("bad.csv", Caseload), "--contacts", Path.Combine(folder, "contacts.json"),
             "--from", "2026-09-01", "--to", "2026-10-31", "--out", Path.Combine(folder, "out2")],
            TextWriter.Null, caseloadErrors);
        Assert.NotEqual(0, exit);
        Assert.Contains($"line 2, byte {ByteOfE9(Caseload)} (0xE9) is not valid UTF-8", caseloadErrors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_message_with_a_bad_byte_is_rejected_with_its_byte()
    {
        var intake = new CaseEventIntake(new SendWorkflows.Infrastructure.Tables.InMemoryProcessedEventStore(), host.Rejected, host.Dispatcher, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CaseEventIntake>.Instance);
        var read = SendWorkflows.Contract.CaseEventReader.ReadBody(Events);

        var result = await intake.RecordUnreadableAsync(Assert.Single(read.Rejected), "queue");

        Assert.Empty(read.Accepted);
        Assert.Equal(("evt-1", "EHC-1001"), (result.EventId, result.CaseId));
        Assert.Contains($"byte {ByteOfE9(Events)} (0xE9) is not valid UTF-8", result.Reason, StringComparison.Ordinal);
    }
}
