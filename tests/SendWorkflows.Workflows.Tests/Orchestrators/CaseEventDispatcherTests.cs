using FakeItEasy;
using SendWorkflows.Contract;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Versioning;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Orchestrators;

public sealed class CaseEventDispatcherTests
{
    // The SDK client's convenience overloads forward to its abstract members, as in the real clients.
    readonly DurableTaskClient client = A.Fake<DurableTaskClient>(o => o.CallsBaseMethods());
    readonly InMemoryRejectedEventStore rejected = new();

    public CaseEventDispatcherTests() =>
        A.CallTo(() => client.GetInstanceAsync(A<string>._, A<bool>._, A<CancellationToken>._)).Returns((OrchestrationMetadata?)null);

    CaseEventDispatcher Dispatcher() => new(client, new FixedContactsDirectorySource(Contacts()), rejected);

    void Exists(string instanceId, OrchestrationRuntimeStatus status) =>
        A.CallTo(() => client.GetInstanceAsync(instanceId, A<bool>._, A<CancellationToken>._))
            .Returns(new OrchestrationMetadata("x", instanceId) { RuntimeStatus = status });

    [Fact]
    public async Task A_request_starts_the_cases_assessment_under_its_deterministic_id()
    {
        var result = await Dispatcher().DispatchAsync(Support.Rows.Request("C1", "2025-01-06"));

        Assert.Equal(new DispatchResult(DispatchOutcome.Started, "assessment:C1"), result);
        A.CallTo(() => client.ScheduleNewOrchestrationInstanceAsync(
                nameof(AssessmentOrchestrator), A<AssessmentInput>.That.Matches(i => i.CaseId == "C1" && i.RequestEventId == "C1-request"),
                new StartOrchestrationOptions("assessment:C1", null) { Version = WorkflowVersions.NewestOf(nameof(AssessmentOrchestrator)) }, A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Advice_after_the_assessment_ended_goes_to_the_plans_review()
    {
        Exists("assessment:C1", OrchestrationRuntimeStatus.Completed);
        Exists("review:C1", OrchestrationRuntimeStatus.Running);

        var result = await Dispatcher().DispatchAsync(new AdviceReceived("r1", "C1", Date("2025-06-01"), "health"));

        Assert.Equal(new DispatchResult(DispatchOutcome.Raised, "review:C1"), result);
        A.CallTo(() => client.RaiseEventAsync("review:C1", EventNames.CaseEvent, A<CaseEventMessage>.That.Matches(m => m.Id == "r1" && m.Contact == "health"), A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task A_review_event_for_a_case_with_only_an_assessment_is_rejected_with_the_reason()
    {
        Exists("assessment:C1", OrchestrationRuntimeStatus.Running);

        var result = await Dispatcher().DispatchAsync(new ReviewMeetingHeld("h1", "C1", Date("2025-06-01")));

        Assert.Equal(DispatchOutcome.Rejected, result.Outcome);
        Assert.Equal("case 'C1' has no maintained plan for a ReviewMeetingHeld", Assert.Single(rejected.All()).Reason);
        A.CallTo(() => client.RaiseEventAsync(A<string>._, A<string>._, A<object?>._, A<CancellationToken>._)).MustNotHaveHappened();
    }
}
