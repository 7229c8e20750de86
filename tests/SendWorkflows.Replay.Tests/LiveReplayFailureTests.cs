using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows.Operations;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Tests.Support;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Replay.Tests;

/// <summary>A replay failure in a running host is never silent: it fails the instance, says why, and a restart after the fix runs again.</summary>
public sealed class LiveReplayFailureTests
{
    [Fact]
    public async Task A_released_review_changed_in_place_fails_listed_with_its_case_and_add_a_version_and_restarts_once_fixed()
    {
        var snapshot = CorpusFiles.Read("review-advice-outstanding");
        var store = new InMemoryOrchestrationStore();
        foreach (var partition in snapshot.Instances)
        {
            store.Import(partition.ToWork());
        }

        await using (var broken = WorkflowScenario.Resuming(snapshot.Now, store,
            new Dictionary<string, Func<ITaskOrchestrator>> { [nameof(AnnualReviewOrchestrator)] = () => new AnnualReviewWithStepInsertedIntoVersion1() }))
        {
            await broken.ApplyAsync(snapshot.RemainingEvents.First());

            var failed = Assert.Single(await new FailedWorkflows(broken.Client).ListAsync());
            Assert.Equal(("review:R2", "R2", nameof(AnnualReviewOrchestrator)), (failed.InstanceId, failed.CaseId, failed.Name));
            Assert.Contains("(AnnualReviewOrchestrator version 1)", failed.Error, StringComparison.Ordinal);
            Assert.Contains("add a version of AnnualReviewOrchestrator", failed.Error, StringComparison.Ordinal);
        }

        await using var fixedHost = WorkflowScenario.Resuming(snapshot.Now.AddDays(4), store);
        Assert.Null(await new FailedWorkflows(fixedHost.Client).RestartAsync("review:R2"));
        await fixedHost.Runtime.RunUntilIdleAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Running, await fixedHost.StatusOf("review:R2"));
        Assert.Equal(WorkflowVersions.NewestOf(nameof(AnnualReviewOrchestrator)), (await store.GetInstanceAsync("review:R2", default))!.Record.Version); // restarted on the newest version
        Assert.Empty(await new FailedWorkflows(fixedHost.Client).ListAsync());
    }
}
