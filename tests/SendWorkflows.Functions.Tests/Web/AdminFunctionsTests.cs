using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Host.Intake;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Functions.Tests.Web;

/// <summary>
/// The administrator's pages through the Functions app's Dashboard functions (issue 14, ADR 0110), signed in by App
/// Service authentication: an admin uploads the contacts and a caseload with a bad row through the web library's
/// form, then corrects the row on its page, and the plan's workflow starts on the real Durable Task engine; a
/// principal with the staff role gets 403 for the form, the upload and the correction.
/// </summary>
public sealed class AdminFunctionsTests : IAsyncLifetime
{
    const string Admin = "sam.staff@council.example.org"; // the principal's preferred_username (WebFunctionsHost.SignedIn)
    WebFunctionsHost host = null!;

    public async Task InitializeAsync() => host = await WebFunctionsHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    Task<WebReply> GetAsync(string path, string role) => host.InvokeAsync((f, r, c) => f.DashboardAsync(r, c), "GET", path, WebFunctionsHost.SignedIn(role));

    /// <summary>The upload form's post: both files as a browser sends them, with the page's form token.</summary>
    async Task<WebReply> UploadAsync(string role, WebReply page)
    {
        var token = page.FormToken;
        using var form = new MultipartFormDataContent();
        if (token is { } t)
        {
            form.Add(new StringContent(t.Value), t.Name);
        }

        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(SampleInputs.Contacts)), "contacts", "contacts.json");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(SampleInputs.Caseload)), "caseload", "caseload-december.csv");
        var headers = WebFunctionsHost.SignedIn(role);
        headers["Cookie"] = page.Cookies;
        return await host.InvokeAsync((f, r, c) => f.DashboardAdminAsync(r, c), "POST", "/dashboard/imports/new", headers,
            await form.ReadAsStringAsync(), form.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task An_admin_uploads_a_caseload_and_corrects_its_bad_row_and_staff_are_refused_both()
    {
        var refusedForm = await GetAsync("/dashboard/imports/new", "staff");
        Assert.Equal(403, refusedForm.Status);
        Assert.Contains("Your account does not have the role this needs", refusedForm.Body, StringComparison.Ordinal); // App Service sign-in's own 403 page
        Assert.DoesNotContain("type=\"file\"", refusedForm.Body, StringComparison.Ordinal);
        Assert.Equal(403, (await UploadAsync("staff", await GetAsync("/dashboard/imports", "staff"))).Status);
        Assert.Empty(await host.Services.GetRequiredService<IImportLog>().LatestAsync(5));

        var form = await GetAsync("/dashboard/imports/new", "admin");
        Assert.Equal(200, form.Status);
        var result = await UploadAsync("admin", form);

        Assert.Equal(200, result.Status);
        Assert.Contains("caseload-december.csv", result.Body, StringComparison.Ordinal);
        Assert.Matches(@"Started</dt><dd class=""govuk-summary-list__value"">2<", result.Body);
        Assert.Matches(@"Rejected</dt><dd class=""govuk-summary-list__value"">1<", result.Body);
        var loads = await host.Services.GetRequiredService<IImportLog>().LatestAsync(5);
        Assert.Equal(["caseload-december.csv", "contacts.json"], loads.Select(l => l.File));
        Assert.All(loads, l => Assert.Equal(("dashboard", Admin), (l.Channel, l.By)));

        // An upload answers in its page and in the imports table, as under serve; a result blob answers only for a file
        // of the imports container, so an upload named like a dropped file leaves that file's result alone (ADR 0118).
        var blobs = host.Services.GetRequiredService<SendWorkflows.Functions.Imports.ImportBlobs>();
        Assert.Null(await blobs.ReadResultAsync("caseload-december.csv", CancellationToken.None));
        Assert.Null(await blobs.ReadResultAsync("contacts.json", CancellationToken.None));

        // The overview counts the rejected row, open (the Table store's counts, ADR 0111).
        Assert.Contains(RejectedTile(1, open: 1), (await GetAsync("/dashboard", "staff")).Body, StringComparison.Ordinal);

        // The rejected row, linked from the result, corrected by the admin: the values not kept are typed in again.
        var item = await RejectedRowAsync("FP-3");
        Assert.Contains($"/dashboard/rejected-events/{item.Key}", result.Body, StringComparison.Ordinal);
        var itemPage = await GetAsync($"/dashboard/rejected-events/{item.Key}", "admin");
        Assert.Contains("id=\"correct-form\"", itemPage.Body, StringComparison.Ordinal);
        var values = RejectedItemCorrection.FieldsOf(item.Rejected).ToDictionary(f => f.Name, f => f.Value);
        values["child_initials"] = "QY";
        values["date_of_birth"] = "2013-11-11";
        values["setting_email"] = "senco@ash.example.org";
        values["caseworker_email"] = "caseworker@council.example.org";
        var fields = values.ToDictionary(v => "value-" + v.Key, v => v.Value);
        fields["fields"] = string.Join(",", values.Keys);

        var byStaff = await host.PostFormAsync((f, r, c) => f.DashboardAdminAsync(r, c), $"/dashboard/rejected-events/{item.Key}/correct",
            itemPage, fields, WebFunctionsHost.SignedIn("staff")); // even with an admin's form token
        Assert.DoesNotContain("id=\"correct-form\"", (await GetAsync($"/dashboard/rejected-events/{item.Key}", "staff")).Body, StringComparison.Ordinal);
        Assert.Equal(403, byStaff.Status);
        Assert.Null((await host.Services.GetRequiredService<IRejectedItems>().FindAsync(item.Key))!.Settlement);

        var corrected = await host.PostFormAsync((f, r, c) => f.DashboardAdminAsync(r, c), $"/dashboard/rejected-events/{item.Key}/correct",
            itemPage, fields, WebFunctionsHost.SignedIn("admin"));

        Assert.Equal(302, corrected.Status);
        var settled = (await host.Services.GetRequiredService<IRejectedItems>().FindAsync(item.Key))!.Settlement!;
        Assert.Equal((RejectedItemStatus.Resolved, Admin), (settled.Status, settled.By));
        Assert.Equal("Row loaded again as plan FP-3: started.", settled.Note);
        var plans = host.Services.GetRequiredService<IPlanRegister>();
        await Poll.UntilAsync(async () => await plans.FindAsync("FP-3") is not null, TimeSpan.FromSeconds(120), "the corrected plan's review to register it");
        var rejectedPage = await GetAsync("/dashboard/rejected-events", "staff");
        Assert.Contains("Resolved", rejectedPage.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("senco@ash", rejectedPage.Body, StringComparison.Ordinal);
        Assert.Contains(RejectedTile(1, open: 0), (await GetAsync("/dashboard", "staff")).Body, StringComparison.Ordinal);
    }

    /// <summary>The overview's rejected-events tile: how many items, and how many are still open.</summary>
    static string RejectedTile(int total, int open) =>
        $"""id="rejected-count">{total}</span><p class="govuk-body govuk-!-margin-bottom-0"><a class="govuk-link" href="/dashboard/rejected-events">rejected {(total == 1 ? "event" : "events")}</a> ({open} still open)""";

    async Task<RejectedItem> RejectedRowAsync(string planId)
    {
        await foreach (var item in host.Services.GetRequiredService<IRejectedItems>().ItemsAsync())
        {
            if (item.Rejected.CaseId == planId)
            {
                return item;
            }
        }

        throw new InvalidOperationException($"no rejected row for {planId}");
    }
}
