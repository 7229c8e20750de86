using Microsoft.DurableTask;
using SendWorkflows.Domain;
using SendWorkflows.Replay.Tests.Corpus;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Replay.Tests;

/// <summary>A harmless extra step (a contact look-up): what inserting a call into a released path looks like.</summary>
static class InsertedStep
{
    public static Task<ContactRole> RunAsync(TaskOrchestrationContext context) =>
        context.CallActivityAsync<ContactRole>(nameof(LookUpContactRoleActivity), "ep");
}

/// <summary>The released annual review with a step inserted into version 1 itself: the change the corpus must catch.</summary>
sealed class AnnualReviewWithStepInsertedIntoVersion1 : AnnualReviewOrchestrator
{
    public AnnualReviewWithStepInsertedIntoVersion1()
        : base((WorkflowVersions.First, async (context, input, newest) =>
        {
            await InsertedStep.RunAsync(context);
            return await RunV1Async(context, input, newest);
        }))
    {
    }
}

/// <summary>The same step done right: the released versions 1 and 2 untouched, the step in a new version 3.</summary>
sealed class AnnualReviewWithStepInVersion3 : AnnualReviewOrchestrator
{
    public AnnualReviewWithStepInVersion3()
        : base((WorkflowVersions.First, RunV1Async), ("2", RunV2Async), ("3", async (context, input, newest) =>
        {
            await InsertedStep.RunAsync(context);
            return await RunV2Async(context, input, newest);
        }))
    {
    }
}

/// <summary>The released assessment with a step inserted before its first call.</summary>
sealed class AssessmentWithInsertedStep : TaskOrchestrator<AssessmentInput, AssessmentOutcome>
{
    public override async Task<AssessmentOutcome> RunAsync(TaskOrchestrationContext context, AssessmentInput input)
    {
        await InsertedStep.RunAsync(context);
        return await new AssessmentOrchestrator().RunAsync(context, input);
    }
}

/// <summary>Shows the corpus check failing, in its own assertions, when a released orchestrator is changed in place.</summary>
public sealed class BreakingChangeTests
{
    static Dictionary<string, Func<ITaskOrchestrator>> Replacing(string name, Func<ITaskOrchestrator> with) => new() { [name] = with };

    [Theory]
    [InlineData("review-advice-outstanding")]
    [InlineData("review-amend-pending")]
    public async Task A_step_inserted_into_the_released_annual_review_fails_the_corpus_saying_add_a_version(string snapshot)
    {
        var result = await CorpusReplay.RunAsync(
            CorpusFiles.Read(snapshot), Replacing(nameof(AnnualReviewOrchestrator), () => new AnnualReviewWithStepInsertedIntoVersion1()));

        Assert.False(result.Replayed);
        var failure = Assert.Single(result.Failures);
        Assert.StartsWith($"'{snapshot}': AnnualReviewOrchestrator no longer replays its released history", failure, StringComparison.Ordinal);
        Assert.Contains("add a version of AnnualReviewOrchestrator", failure, StringComparison.Ordinal);
        Assert.Contains("LookUpContactRoleActivity", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Durable_Task_worker_also_refuses_the_released_annual_review_with_a_step_inserted()
    {
        var (_, failures) = DurableTaskReplay.Run(
            CorpusFiles.Read("review-advice-outstanding"), Replacing(nameof(AnnualReviewOrchestrator), () => new AnnualReviewWithStepInsertedIntoVersion1()));

        var failure = Assert.Single(failures);
        Assert.Contains("Non-Deterministic workflow detected", failure, StringComparison.Ordinal); // DurableTask.Core's own verdict
        Assert.StartsWith("'review-advice-outstanding': on the Durable Task worker, AnnualReviewOrchestrator no longer replays", failure, StringComparison.Ordinal);
        Assert.Contains("add a version", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_inserted_into_the_released_assessment_fails_the_corpus_saying_add_a_version()
    {
        var result = await CorpusReplay.RunAsync(
            CorpusFiles.Read("assessment-advice-outstanding"), Replacing(nameof(AssessmentOrchestrator), () => new AssessmentWithInsertedStep()));

        var failure = Assert.Single(result.Failures);
        Assert.Contains("AssessmentOrchestrator no longer replays its released history", failure, StringComparison.Ordinal);
        Assert.Contains("add a version", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_step_as_a_new_version_replays_every_review_snapshot()
    {
        foreach (var name in CorpusFiles.Names)
        {
            var result = await CorpusReplay.RunAsync(
                CorpusFiles.Read(name), Replacing(nameof(AnnualReviewOrchestrator), () => new AnnualReviewWithStepInVersion3()));

            Assert.True(result.Replayed, string.Join(Environment.NewLine, result.Failures));
        }
    }
}
