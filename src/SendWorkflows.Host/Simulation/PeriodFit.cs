using SendWorkflows.Contract;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// Refuses a caseload or events file that cannot belong to the simulated period (ADR 0027). A caseload describes
/// plans as at the day it is loaded (--from): when nothing in it (no plan issued, no review held) is less than a
/// year old, it was exported for an earlier year and every plan would start overdue, which says nothing about the
/// period. Events that all fall outside the period would all be rejected.
/// </summary>
static class PeriodFit
{
    public static void Check(IReadOnlyList<PlanRecord> plans, IReadOnlyList<CaseEvent> events, DateOnly from, DateOnly to)
    {
        if (plans.Count > 0)
        {
            var latest = plans.Max(p => p.LastReviewOn is { } review && review > p.PlanIssuedOn ? review : p.PlanIssuedOn);
            if (latest < from.AddYears(-1))
            {
                var suggested = new DateOnly(latest.Month >= 9 ? latest.Year + 1 : latest.Year, 9, 1);
                throw new SimulationInputException(
                    $"the caseload does not fit the period starting {from:yyyy-MM-dd}: its latest plan or review date is {latest:yyyy-MM-dd}, " +
                    $"more than a year before --from, so all {plans.Count} plans would start overdue for review. It looks exported for the " +
                    $"school year starting {suggested:yyyy-MM-dd}: simulate from then (--from {suggested:yyyy-MM-dd}), or export or generate a " +
                    $"caseload for {from:yyyy} (generate-demo --year {AcademicYearOf(from)}).");
            }
        }

        if (events.Count > 0 && !events.Any(e => e.On >= from && e.On <= to))
        {
            throw new SimulationInputException(
                $"the events do not fit the period {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: all {events.Count} are dated " +
                $"{events.Min(e => e.On):yyyy-MM-dd}..{events.Max(e => e.On):yyyy-MM-dd}, so none could be applied.");
        }
    }

    static int AcademicYearOf(DateOnly date) => date.Month >= 9 ? date.Year : date.Year - 1;
}
