using System.Globalization;
using SendWorkflows.Domain;
using SendWorkflows.Web.Links;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace SendWorkflows.Functions.Tests.Web;

/// <summary>
/// Issue 14: the Functions app serves what <c>sendworkflows serve</c> serves, from the same code. Its HTTP functions,
/// run in-process against Azurite and the real Durable Task engine, import a council's contacts and caseload, show
/// the register on the dashboard, and record a professional's answer through the signed link its e-mail carries.
/// </summary>
public sealed class WebFunctionsTests : IAsyncLifetime
{
    WebFunctionsHost host = null!;

    public async Task InitializeAsync() => host = await WebFunctionsHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_intake_functions_import_the_caseload_and_the_dashboard_function_returns_the_register()
    {
        var contacts = await host.InvokeAsync((f, r, c) => f.IntakeContactsAsync(r, c), "POST", "/api/contacts", WebFunctionsHost.ApiKeyHeader, SampleInputs.Contacts);
        Assert.Equal(200, contacts.Status);

        var caseload = await host.InvokeAsync((f, r, c) => f.IntakeCaseloadAsync(r, c), "POST", "/api/caseload", WebFunctionsHost.ApiKeyHeader,
            SampleInputs.Caseload, "text/csv");
        Assert.Equal(200, caseload.Status);
        Assert.Contains("\"started\":2", caseload.Body, StringComparison.Ordinal);
        Assert.Contains("FP-3", caseload.Body, StringComparison.Ordinal); // rejected, with the reason

        // Each plan's review workflow writes its register entry in its first step: wait for both entries.
        var plans = host.Services.GetRequiredService<IPlanRegister>();
        await Poll.UntilAsync(async () => await plans.FindAsync("FP-1") is not null && await plans.FindAsync("FP-2") is not null,
            TimeSpan.FromSeconds(120), "the imported plans' annual reviews to register them");
        var register = await host.InvokeAsync((f, r, c) => f.DashboardAsync(r, c), "GET", "/dashboard/register", WebFunctionsHost.SignedIn("staff"));

        Assert.Equal(200, register.Status);
        Assert.Contains("FP-1", register.Body, StringComparison.Ordinal);
        Assert.Contains("FP-2", register.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("FP-3", register.Body, StringComparison.Ordinal);
        Assert.Contains("/assets/govuk-frontend.min.css", register.Body, StringComparison.Ordinal);

        var stylesheet = await host.InvokeAsync((f, r, _) => f.AssetsAsync(r), "GET", "/assets/govuk-frontend.min.css");
        Assert.Equal(200, stylesheet.Status);
        Assert.Contains(".govuk-", stylesheet.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_professional_answers_through_the_signed_link_of_the_request_and_the_workflow_records_it()
    {
        Assert.Equal(200, (await host.InvokeAsync((f, r, c) => f.IntakeContactsAsync(r, c), "POST", "/api/contacts", WebFunctionsHost.ApiKeyHeader, SampleInputs.Contacts)).Status);
        var events = await host.InvokeAsync((f, r, c) => f.IntakeEventsAsync(r, c), "POST", "/api/events", WebFunctionsHost.ApiKeyHeader,
            SampleInputs.AssessmentWithAdvice("FA-1", WebFunctionsHost.LastWorkingDay));
        Assert.Equal(202, events.Status);
        Assert.Contains("\"accepted\":2", events.Body, StringComparison.Ordinal);

        // The advice request the workflow recorded for e-mail, and the link its e-mail carries (the app's IResponseLinks).
        var log = host.Services.GetRequiredService<INotificationLog>();
        Notification? request = null;
        await Poll.UntilAsync(async () =>
        {
            await foreach (var n in log.ForCaseAsync("FA-1"))
                request ??= n.Kind == NotificationKind.AdviceRequest ? n : null;
            return request is not null;
        }, TimeSpan.FromSeconds(120), "the advice request notification");
        var link = host.Services.GetRequiredService<IResponseLinks>().LinkFor(request!, SampleInputs.Professional);
        Assert.NotNull(link);
        Assert.StartsWith(new Uri(WebFunctionsHost.BaseUrl, "respond/FA-1/").ToString(), link.ToString(), StringComparison.Ordinal);

        var page = await host.InvokeAsync((f, r, c) => f.ResponseLinkPageAsync(r, c), "GET", link.AbsolutePath);
        Assert.Equal(200, page.Status);
        Assert.Contains("<strong id=\"case-ref\">FA-1</strong>", page.Body, StringComparison.Ordinal);

        var answer = await host.PostFormAsync((f, r, c) => f.ResponseLinkAnswerAsync(r, c), link.AbsolutePath, page, new Dictionary<string, string>());
        Assert.Equal(200, answer.Status);
        Assert.Contains("Recorded for case reference <strong>FA-1</strong>", answer.Body, StringComparison.Ordinal);

        // Recorded: the event is in the case's history under the link's id, the advice workflow has its answer, the link is spent.
        var linkId = SignedResponseLinks.LinkIdFor(request!.Key, SampleInputs.Professional);
        Assert.True(await host.Services.GetRequiredService<IProcessedEventStore>().WasProcessedAsync("FA-1", "link-" + linkId));
        await Poll.UntilAsync(async () => await host.Client.GetInstanceAsync(request.Facts.AwaitingInstanceId!) is { RuntimeStatus: Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed },
            TimeSpan.FromSeconds(120), $"{request.Facts.AwaitingInstanceId} to complete with the advice");
        var again = await host.InvokeAsync((f, r, c) => f.ResponseLinkPageAsync(r, c), "GET", link.AbsolutePath);
        Assert.Contains(again.Status, new[] { 409, 410 });
    }

    [Fact]
    public async Task The_versions_page_counts_running_instances_by_version_from_the_task_hubs_instances_table()
    {
        Task<WebReply> VersionsAsync() => host.InvokeAsync((f, r, c) => f.DashboardAsync(r, c), "GET", "/dashboard/versions", WebFunctionsHost.SignedIn("staff"));
        var beforeAnyInstance = await VersionsAsync(); // the hub has no instances table yet

        // Rows as Durable Functions' Azure Storage backend writes them (DurableTask.AzureStorage: one an instance, row key empty).
        var instances = host.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(WebFunctionsHost.TaskHub + "Instances");
        await instances.CreateIfNotExistsAsync();
        foreach (var (id, name, version, status) in new (string, string, string?, string)[]
        {
            ("review:P1", "AnnualReviewOrchestrator", null, "Running"), // started before versions
            ("review:P2", "AnnualReviewOrchestrator", "2", "Running"),
            ("review:P3", "AnnualReviewOrchestrator", "2", "Pending"),
            ("review:P4", "AnnualReviewOrchestrator", "2", "Completed"), // not running: not counted
            ("assessment:C1", "AssessmentOrchestrator", "1", "Running"),
        })
        {
            var row = new Azure.Data.Tables.TableEntity(id, "") { ["Name"] = name, ["RuntimeStatus"] = status };
            if (version is not null)
            {
                row["Version"] = version;
            }

            await instances.AddEntityAsync(row);
        }

        var page = await VersionsAsync();

        Assert.Equal(200, beforeAnyInstance.Status);
        Assert.Contains("No workflow is running.", beforeAnyInstance.Body, StringComparison.Ordinal);
        Assert.Equal(200, page.Status);
        Assert.DoesNotContain("versions-unavailable", page.Body, StringComparison.Ordinal);
        Assert.Contains(VersionRow("Annual review", "1", 1), page.Body, StringComparison.Ordinal);
        Assert.Contains(VersionRow("Annual review", """2 <strong class="govuk-tag govuk-tag--green">Newest</strong>""", 2), page.Body, StringComparison.Ordinal);
        Assert.Contains(VersionRow("Needs assessment", "1", 1), page.Body, StringComparison.Ordinal);
    }

    static string VersionRow(string workflow, string version, int running) =>
        $"""<tr class="govuk-table__row"><td class="govuk-table__cell">{workflow}</td><td class="govuk-table__cell">{version}</td><td class="govuk-table__cell">{running}</td></tr>""";

    [Fact]
    public async Task The_json_api_needs_the_api_key_not_a_staff_sign_in()
    {
        var staff = await host.InvokeAsync((f, r, c) => f.StaffApiAsync(r, c), "GET", "/api/rejected-events",
            new Dictionary<string, string>(WebFunctionsHost.SignedIn("admin")) { ["Accept"] = "application/json" });
        var keyed = await host.InvokeAsync((f, r, c) => f.StaffApiAsync(r, c), "GET", "/api/rejected-events", WebFunctionsHost.ApiKeyHeader);
        var instance = await host.InvokeAsync((f, r, c) => f.StaffApiAsync(r, c), "GET", "/api/instances/review:none", WebFunctionsHost.ApiKeyHeader);

        Assert.Equal(401, staff.Status);
        Assert.Equal(200, keyed.Status);
        Assert.StartsWith("[", keyed.Body, StringComparison.Ordinal);
        Assert.Equal(404, instance.Status);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, "'{0}'", "review:none"), instance.Body, StringComparison.Ordinal);
    }
}
