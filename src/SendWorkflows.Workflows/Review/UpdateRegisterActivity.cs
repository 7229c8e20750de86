using SendWorkflows.Domain;
using Microsoft.DurableTask;

namespace SendWorkflows.Workflows.Review;

/// <summary>What a review workflow tells the register about its plan; the year group is the contract's spelling, as today.</summary>
public sealed record RegisterUpdate(
    ReviewedPlan Plan,
    string YearGroup,
    DateOnly? LastReviewOn,
    DateOnly NextReviewDue,
    DateOnly TargetMeetingOn,
    TransferKind Transfer,
    string Status,
    bool Ceased);

/// <summary>Writes a plan's line of the register.</summary>
public sealed class UpdateRegisterActivity(IPlanRegister register) : TaskActivity<RegisterUpdate, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RegisterUpdate input)
    {
        var plan = input.Plan;
        _ = Domain.YearGroup.TryParse(input.YearGroup, out var yearGroup);
        var entry = new RegisterEntry(
            plan.PlanId, plan.ChildInitials, yearGroup, plan.SettingName, plan.SettingType, input.LastReviewOn,
            input.NextReviewDue, input.TargetMeetingOn, input.Transfer, input.Status, plan.LastMonitoringVisitOn,
            plan.AwaitingProvision, input.Ceased, plan.AwaitingProvision ? plan.AwaitingProvisionSince : null);
        await register.UpsertAsync(new RegisteredPlan(
            entry, plan.SettingEmail, plan.CaseworkerEmail, plan.Contributors, input.Ceased ? null : plan.FamilyEmail));
        return true;
    }
}
