using SendWorkflows.Contract;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Starting;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Workflows.Loading;

/// <summary>
/// Starts the annual review workflow of each plan of a caseload (instance <c>review:{planId}</c>; loading the same
/// plan again is a no-op). A plan is loaded mid-cycle as it stands: its due date comes from its last review, steps
/// already past are skipped and an overdue review is escalated once.
/// </summary>
public sealed class CaseloadLoader(DurableTaskClient client, IContactsDirectorySource contacts, IRejectedEventStore rejected)
{
    public const string Source = "caseload";

    /// <summary>Starts one plan's reviews; unknown contributor keys are reported and left out, the plan still loads.</summary>
    public async Task<string> StartAsync(PlanRecord row, DateOnly loadedOn, CancellationToken cancellationToken = default)
    {
        var directory = await contacts.GetAsync(cancellationToken);
        var contributors = new List<string>();
        foreach (var key in row.Contributors ?? [])
        {
            if (directory.Contacts.ContainsKey(key))
            {
                contributors.Add(key);
            }
            else
            {
                await rejected.RecordAsync(
                    new RejectedEvent(Source, $"contributor '{key}' of plan {row.PlanId} is not in the contacts directory; the plan loads without it", CaseId: row.PlanId),
                    cancellationToken);
            }
        }

        var plan = ReviewedPlan.FromRecord(row, loadedOn, contributors) with
        {
            PreparingForAdulthoodContact = PreparingForAdulthood.ContactIn(directory),
        };
        return await client.StartOnceAsync(
            nameof(AnnualReviewOrchestrator), AnnualReviewInput.Imported(plan, row.LastReviewOn),
            ReviewedPlan.InstanceIdFor(row.PlanId), cancellationToken);
    }
}
