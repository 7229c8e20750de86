using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Assessment;

namespace SendWorkflows.Workflows.Council;

/// <summary>An EHC needs assessment still under way: requested on <paramref name="RequestedOn"/>, no final plan or end yet.</summary>
public sealed record RunningAssessment(string CaseId, string ChildInitials, DateOnly RequestedOn, string CaseworkerEmail);

/// <summary>
/// The assessments under way, read from the running assessment workflows themselves: an assessment's workflow ends
/// with the final plan (or the decision not to assess or not to issue one), so the runtime's list of running
/// instances is the index (docs/adr/0091). Only running instances named <c>assessment:{caseId}</c> are read.
/// </summary>
public sealed class RunningAssessments(DurableTaskClient client)
{
    public async Task<IReadOnlyList<RunningAssessment>> ListAsync(CancellationToken cancellationToken = default)
    {
        var open = new List<RunningAssessment>();
        var query = new OrchestrationQuery(
            Statuses: [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending],
            InstanceIdPrefix: AssessmentInput.InstanceIdFor(""),
            FetchInputsAndOutputs: true);
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name == nameof(AssessmentOrchestrator) && instance.ReadInputAs<AssessmentInput>() is { } input)
            {
                open.Add(new RunningAssessment(input.CaseId, input.ChildInitials, input.RequestedOn, input.CaseworkerEmail));
            }
        }

        return [.. open.OrderBy(a => a.RequestedOn).ThenBy(a => a.CaseId, StringComparer.Ordinal)];
    }
}
