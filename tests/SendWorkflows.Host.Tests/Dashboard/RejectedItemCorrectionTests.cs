using System.Net;
using System.Text;
using SendWorkflows.Contract;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Host.Tests.Dashboard;

/// <summary>
/// Correcting and dismissing rejected items (ADR 0110) over real HTTP: a corrected event goes through the same intake
/// as a new one and resolves its item; a value the store never kept is typed in and reaches only the event; what the
/// reader or the workflow still refuses is named on the form and the item stays open; a dismissal keeps its reason;
/// staff read but are refused every change.
/// </summary>
public sealed class RejectedItemCorrectionTests : IAsyncLifetime
{
    const string AdminPassword = "administrator password for the tests 61";
    TestHost host = null!;
    HttpClient api = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync(settings: [$"--Auth:AdminPassword={AdminPassword}"]);
        api = host.Client(TestHost.ApiKey);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task<HttpClient> SignedInAsync(string password)
    {
        var client = host.Client();
        var response = await Forms.SubmitAsync(client, "/signin", new Dictionary<string, string> { ["password"] = password, ["returnUrl"] = "/dashboard" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    async Task<RejectedItem> RejectAsync(string eventJson)
    {
        var response = await api.PostAsync("/api/events", new StringContent(eventJson, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await NewestAsync();
    }

    async Task<RejectedItem> NewestAsync()
    {
        await foreach (var item in host.Get<IRejectedItems>().ItemsAsync())
        {
            return item;
        }

        throw new InvalidOperationException("nothing was rejected");
    }

    async Task<RejectedItem> FindAsync(string key) => (await host.Get<IRejectedItems>().FindAsync(key))!;

    static string PathOf(RejectedItem item) => "/dashboard/rejected-events/" + Uri.EscapeDataString(item.Key);

    // The form token from a page every administrator has: a settled item's page has no form left.
    static Task<HttpResponseMessage> CorrectAsync(HttpClient client, RejectedItem item, IDictionary<string, string> values, string tokenPage = "/dashboard/imports/new") =>
        Forms.SubmitAsync(client, tokenPage, new Dictionary<string, string>(values.Select(v => KeyValuePair.Create("value-" + v.Key, v.Value)))
        {
            ["fields"] = string.Join(",", values.Keys),
        }, PathOf(item) + "/correct");

    [Fact]
    public async Task A_stripped_family_email_is_typed_in_reaches_only_the_resubmitted_event_and_resolves_the_item()
    {
        host.Dispatcher.Know("EHC-7");
        var item = await RejectAsync("""{"id":"fam-1","type":"FamilyContactChanged","caseId":"EHC-7","on":"2026-03-02","familyEmail":"parent.at.family.example.org"}""");
        Assert.Contains("\"familyEmail\":\"(removed)\"", item.Rejected.Raw, StringComparison.Ordinal);
        var admin = await SignedInAsync(AdminPassword);

        var page = await admin.GetStringAsync(PathOf(item));
        Assert.Contains("id=\"value-familyEmail\" name=\"value-familyEmail\" type=\"text\" value=\"\"", page, StringComparison.Ordinal);
        Assert.Contains("Not kept with the rejected item: type it in again", page, StringComparison.Ordinal);
        var response = await CorrectAsync(admin, item, new Dictionary<string, string>
        {
            ["id"] = "fam-1", ["type"] = "FamilyContactChanged", ["caseId"] = "EHC-7", ["on"] = "2026-03-02", ["familyEmail"] = "parent@family.example.org",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var applied = Assert.IsType<FamilyContactChanged>(Assert.Single(host.Dispatcher.Dispatched));
        Assert.Equal("parent@family.example.org", applied.FamilyEmail);
        var settled = await FindAsync(item.Key);
        Assert.Equal(RejectedItemStatus.Resolved, settled.Settlement!.Status);
        Assert.Equal("admin", settled.Settlement.By);
        Assert.Contains("fam-1", settled.Settlement.Note, StringComparison.Ordinal);
        Assert.Single(host.Rejected.Items); // kept, and nothing new rejected
        Assert.DoesNotContain(host.Rejected.Items, r => (r.Raw ?? "").Contains("parent@", StringComparison.Ordinal));
        Assert.DoesNotContain("parent@", settled.Settlement.Note, StringComparison.Ordinal);
        Assert.Contains("Resolved", await admin.GetStringAsync("/dashboard/rejected-events"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_reader_or_the_workflow_still_refuses_is_named_on_the_form_and_the_item_stays_open()
    {
        var item = await RejectAsync(SampleEvents.AdviceRequested(id: "adv-9", caseId: "EHC-404"));
        Assert.Contains("unknown case", item.Rejected.Reason, StringComparison.Ordinal);
        var admin = await SignedInAsync(AdminPassword);
        var values = new Dictionary<string, string> { ["id"] = "adv-9", ["type"] = "AdviceRequested", ["caseId"] = "EHC-404", ["on"] = "2026-02-30", ["contact"] = "ep" };

        var badDate = await CorrectAsync(admin, item, values);
        var badDatePage = await badDate.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("govuk-error-summary", badDatePage, StringComparison.Ordinal);
        Assert.Contains("href=\"#value-on\"", badDatePage, StringComparison.Ordinal);
        Assert.Single(host.Rejected.Items); // a form error is not stored again

        values["on"] = "2026-03-02";
        var stillUnknown = await CorrectAsync(admin, item, values);
        Assert.Equal(HttpStatusCode.BadRequest, stillUnknown.StatusCode);
        Assert.Contains("The workflow refused the corrected event: unknown case EHC-404", await stillUnknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await FindAsync(item.Key)).Settlement);
        Assert.Equal(RejectedItemCorrectionSource, host.Rejected.Items.Last().Source); // kept like any refused event

        host.Dispatcher.Know("EHC-405");
        values["caseId"] = "EHC-405";
        Assert.Equal(HttpStatusCode.Redirect, (await CorrectAsync(admin, item, values)).StatusCode);
        Assert.Equal("EHC-405", Assert.Single(host.Dispatcher.Dispatched).CaseId);
        Assert.Equal(RejectedItemStatus.Resolved, (await FindAsync(item.Key)).Settlement!.Status);

        var again = await CorrectAsync(admin, item, values);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already resolved", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(host.Dispatcher.Dispatched);
    }

    const string RejectedItemCorrectionSource = SendWorkflows.Web.Intake.RejectedItemCorrection.Source;

    [Fact]
    public async Task A_dismissal_needs_a_reason_without_an_email_address_and_keeps_the_item()
    {
        var item = await RejectAsync(SampleEvents.AdviceRequested(id: "adv-3", caseId: "EHC-403"));
        var admin = await SignedInAsync(AdminPassword);
        Task<HttpResponseMessage> DismissAsync(string reason) =>
            Forms.SubmitAsync(admin, PathOf(item), new Dictionary<string, string> { ["reason"] = reason }, PathOf(item) + "/dismiss");

        var blank = await DismissAsync("  ");
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Contains("Enter why this item is dismissed", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var personal = await DismissAsync("asked cw.name@council.example.org");
        Assert.Contains("must not include an e-mail address", await personal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await FindAsync(item.Key)).Settlement);

        Assert.Equal(HttpStatusCode.Redirect, (await DismissAsync("Sent again from the case-management system")).StatusCode);

        var settled = await FindAsync(item.Key);
        Assert.Equal(RejectedItemStatus.Dismissed, settled.Settlement!.Status);
        Assert.Equal("Dismissed: Sent again from the case-management system", settled.Settlement.Note);
        Assert.Equal(host.WallClock.GetUtcNow(), settled.Settlement.At);
        Assert.Single(host.Rejected.Items);
        Assert.Empty(host.Dispatcher.Dispatched);
        var page = await admin.GetStringAsync(PathOf(item));
        Assert.Contains("Dismissed", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"dismiss-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_read_an_item_but_every_change_and_the_upload_form_are_refused_with_a_page()
    {
        var item = await RejectAsync(SampleEvents.AdviceRequested(id: "adv-4", caseId: "EHC-406"));
        var staff = await Forms.SignedInAsync(host);

        var page = await staff.GetStringAsync(PathOf(item));
        Assert.Contains("Only an administrator can correct", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"correct-form\"", page, StringComparison.Ordinal);
        var correct = await CorrectAsync(staff, item, new Dictionary<string, string> { ["id"] = "adv-4" }, tokenPage: PathOf(item));
        var dismiss = await Forms.SubmitAsync(staff, PathOf(item), new Dictionary<string, string> { ["reason"] = "no" }, PathOf(item) + "/dismiss");
        var upload = await staff.GetAsync("/dashboard/imports/new");

        Assert.Equal(HttpStatusCode.Forbidden, correct.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, dismiss.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Contains("This is for administrators", await upload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await FindAsync(item.Key)).Settlement);
        Assert.Empty(host.Dispatcher.Dispatched);
        Assert.Equal(HttpStatusCode.Redirect, (await host.Client().GetAsync(PathOf(item))).StatusCode); // anonymous: to sign-in
    }

    [Fact]
    public async Task A_caseload_upload_goes_through_the_import_and_its_log_records_who_sent_it()
    {
        var admin = await SignedInAsync(AdminPassword);
        var form = await admin.GetStringAsync("/dashboard/imports/new");
        var token = System.Text.RegularExpressions.Regex.Match(form, """name="__RequestVerificationToken" value="([^"]+)""").Groups[1].Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(SampleEvents.Contacts)), "contacts", "contacts.json" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(SampleEvents.Caseload)), "caseload", "caseload.csv" },
        };

        var response = await admin.PostAsync("/dashboard/imports/new", content);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"caseload-rejected\"", page, StringComparison.Ordinal);
        Assert.Equal("P-1", Assert.Single(host.Dispatcher.StartedPlans).PlanId);
        var loads = await host.Get<SendWorkflows.Infrastructure.Intake.IImportLog>().LatestAsync(5);
        Assert.Equal(["caseload.csv", "contacts.json"], loads.Select(l => l.File));
        Assert.All(loads, l => Assert.Equal(("dashboard", "admin"), (l.Channel, l.By)));
        Assert.Contains("dashboard, by admin", await admin.GetStringAsync("/dashboard/imports"), StringComparison.Ordinal);
    }
}
