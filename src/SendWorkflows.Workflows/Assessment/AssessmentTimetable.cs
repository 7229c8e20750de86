using SendWorkflows.Domain;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Assessment;

/// <summary>
/// The caseworker reminders and SEN-manager alerts of an assessment (contract section 4), from the request date R:
/// decision by R + 6 weeks (reg 5), draft or refusal by R + 16 weeks (reg 10), final plan by R + 20 weeks (reg 13).
/// </summary>
public static class AssessmentTimetable
{
    public static IReadOnlyList<TimetableStep> Steps(AssessmentCase c)
    {
        var r = c.RequestedOn;
        IReadOnlyList<Recipient> caseworker = [Recipient.Address(c.Input.CaseworkerEmail)];
        var undecided = c.Decision is null;
        var noFinalPlan = c.FinalIssuedOn is null && !c.HasEnded;
        return
        [
            TimetableStep.Notify("decision-reminder", r.AddDays(5 * 7), undecided, NotificationKind.DecisionDueReminder, caseworker, c.DecisionDue),
            TimetableStep.DeadlineMissed("decision-missed", c.DecisionDue, undecided, StatutoryStep.AssessmentDecision),
            TimetableStep.Notify(
                "draft-plan-reminder", r.AddDays(14 * 7), c.DraftIssuedOn is null && noFinalPlan,
                NotificationKind.DraftPlanDueReminder, caseworker, c.NotToIssueDue),
            TimetableStep.Notify("final-plan-reminder", r.AddDays(18 * 7), noFinalPlan, NotificationKind.FinalPlanDueReminder, caseworker, c.FinalPlanDue),
            TimetableStep.DeadlineMissed("final-plan-missed", c.FinalPlanDue, noFinalPlan, StatutoryStep.FinalPlan),
        ];
    }
}
