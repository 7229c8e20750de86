using SendWorkflows.Domain;
using SendWorkflows.Workflows.Starting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Workflows.Review;

/// <summary>
/// Hands a newly issued plan over to its annual review workflow (instance <c>review:{planId}</c>; starting it twice
/// is a no-op), filling in the preparing-for-adulthood adviser from the contacts directory.
/// </summary>
public sealed class StartAnnualReviewActivity(DurableTaskClient client, IContactsDirectorySource contacts)
    : TaskActivity<AnnualReviewInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AnnualReviewInput input)
    {
        var directory = await contacts.GetAsync();
        var plan = input.Plan with { PreparingForAdulthoodContact = PreparingForAdulthood.ContactIn(directory) };
        await client.StartOnceAsync(nameof(AnnualReviewOrchestrator), input with { Plan = plan }, ReviewedPlan.InstanceIdFor(plan.PlanId));
        return true;
    }
}

/// <summary>Finds the directory's preparing-for-adulthood adviser (the first such key, in key order).</summary>
public static class PreparingForAdulthood
{
    public static string? ContactIn(Contract.ContactsDirectory directory) =>
        directory.Contacts.Values
            .Where(contact => contact.Role == ContactRole.PreparingForAdulthood)
            .Select(contact => contact.Key)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
}
