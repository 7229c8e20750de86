using System.Net;
using Microsoft.DurableTask.Client;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Runtime;

namespace SendWorkflows.Host.Tests.Dashboard;

public sealed class WorkflowVersionsPageTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>An instance row as the store holds it, with no work due (the runtime leaves it alone).</summary>
    void Stored(string id, string name, string? version, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running)
    {
        var store = (InMemoryOrchestrationStore)host.Get<IOrchestrationStore>();
        var record = new InstanceRecord { InstanceId = id, Name = name, Version = version, Status = status };
        Assert.True(store.Import(new InstanceWork(new StoredInstance(record, "x"), [], [], [], [])));
    }

    [Fact]
    public async Task Staff_see_running_instances_per_version_with_those_stored_before_versions_on_version_1()
    {
        Stored("review:P1", "AnnualReviewOrchestrator", version: null); // written before versions
        Stored("review:P2", "AnnualReviewOrchestrator", version: "1");
        Stored("review:P3", "AnnualReviewOrchestrator", version: "2");
        Stored("review:P4", "AnnualReviewOrchestrator", version: "2", OrchestrationRuntimeStatus.Completed); // not running: not counted
        Stored("assessment:C1", "AssessmentOrchestrator", version: "1");
        var staff = await Forms.SignedInAsync(host);

        var page = await staff.GetStringAsync("/dashboard/versions");

        // Version 2 of the review and the assessment is the newest (family notices, issue 16); workflows by what they do.
        Assert.Contains(Row("Annual review", "1", 2), page, StringComparison.Ordinal);
        Assert.Contains(Row("Annual review", """2 <strong class="govuk-tag govuk-tag--green">Newest</strong>""", 1), page, StringComparison.Ordinal);
        Assert.Contains(Row("Needs assessment", "1", 1), page, StringComparison.Ordinal);
        Assert.DoesNotContain("Orchestrator", page, StringComparison.Ordinal);
        Assert.Contains("govuk-table", page, StringComparison.Ordinal);
    }

    static string Row(string workflow, string version, int running) =>
        $"""<tr class="govuk-table__row"><td class="govuk-table__cell">{workflow}</td><td class="govuk-table__cell">{version}</td><td class="govuk-table__cell">{running}</td></tr>""";

    [Fact]
    public async Task The_versions_page_is_for_signed_in_staff_only()
    {
        var anonymous = await host.Client().GetAsync("/dashboard/versions");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}
