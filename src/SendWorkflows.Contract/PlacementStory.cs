using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>
/// One plan's placement through the generated year: the placements officer records most monitoring visits around
/// their due date (some late, some not at all), and children wait for provision and are given it. From its own
/// random sequence, so adding it leaves the rest of a seed's caseload and events as they were.
/// </summary>
internal sealed class PlacementStory(Random random, PlanRecord plan, DateOnly loadedOn)
{
    readonly DateOnly yearEnd = loadedOn.AddYears(1).AddDays(-1);

    public IEnumerable<CaseEvent> Events()
    {
        if (MonitoringVisits.IsMonitored(plan.SettingType) && random.NextDouble() < 0.75)
        {
            var due = MonitoringVisits.DueOn(plan.LastMonitoringVisitOn, loadedOn);
            var visit = due.AddDays(random.Next(-42, 29));
            if (visit >= loadedOn && visit <= yearEnd)
                yield return new MonitoringVisitRecorded($"{plan.PlanId}-visit", plan.PlanId, visit);
        }

        var waitingFrom = plan.AwaitingProvision ? (DateOnly?)loadedOn
            : random.NextDouble() < 0.02 ? loadedOn.AddDays(random.Next(7, 300))
            : null;
        if (waitingFrom is not { } from)
            yield break;

        if (!plan.AwaitingProvision)
            yield return new ProvisionAwaited($"{plan.PlanId}-waits", plan.PlanId, from);
        var securedOn = from.AddDays(random.Next(14, 160));
        if (random.NextDouble() < 0.6 && securedOn <= yearEnd)
            yield return new ProvisionSecured($"{plan.PlanId}-secured", plan.PlanId, securedOn);
    }
}
