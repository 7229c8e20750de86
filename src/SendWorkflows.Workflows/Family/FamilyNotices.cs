using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Family;

/// <summary>
/// The notices to the family (contract section 4, "Notices to the family"), as timetable steps of the version 2
/// assessment and review workflows: each goes on the day of the event it follows (the next working day if that is
/// not one), to the family's e-mail, or, with none on file, to the caseworker marked "send by post".
/// </summary>
public static class FamilyNotices
{
    public const string AssessmentDecisionStep = "family-assessment-decision";
    public const string DraftPlanStep = "family-draft-plan";
    public const string FinalPlanStep = "family-final-plan";
    public const string ReviewDecisionStep = "family-review-decision";
    public const string SurveyStep = "family-survey";
    public const string SurveyAfterDecisionStep = "family-survey-after-decision";

    /// <summary>At least 15 days to comment on a draft plan and to ask for a school (reg 13(1)).</summary>
    public const int DraftCommentDays = 15;

    /// <summary>The survey goes 2 weeks after the final plan or a review decision.</summary>
    public const int SurveyAfterDays = 14;

    /// <summary>An appeal to the First-tier Tribunal (SEND) is made within 2 months of the decision.</summary>
    public static DateOnly AppealBy(DateOnly decisionOn) => decisionOn.AddMonths(2);

    /// <summary>The family, or the caseworker to post the notice when the family has no e-mail on file.</summary>
    public static IReadOnlyList<Recipient> To(string? familyEmail, string caseworkerEmail) =>
        [Recipient.Address(string.IsNullOrWhiteSpace(familyEmail) ? caseworkerEmail : familyEmail)];

    public static bool ByPost(string? familyEmail) => string.IsNullOrWhiteSpace(familyEmail);

    /// <summary>The family's notices of an assessment: the decision whether to assess, the draft plan and the final plan.</summary>
    public static IReadOnlyList<TimetableStep> Steps(AssessmentCase c)
    {
        var to = To(c.Input.FamilyEmail, c.Input.CaseworkerEmail);
        var steps = new List<TimetableStep>();
        if (c.Decision is { } decision)
        {
            // Declined: the date to appeal by. Assessing: the date the final plan is due by at the latest.
            var dueOn = decision.Kind == AssessmentDecisionKind.Decline ? AppealBy(decision.On) : c.FinalPlanDue;
            steps.Add(TimetableStep.Notify(AssessmentDecisionStep, decision.On, true, NotificationKind.FamilyAssessmentDecision, to, dueOn));
        }

        if (c.DraftIssuedOn is { } draft)
        {
            steps.Add(TimetableStep.Notify(DraftPlanStep, draft, true, NotificationKind.FamilyDraftPlan, to, draft.AddDays(DraftCommentDays)));
        }

        if (c.FinalIssuedOn is { } final && c.End == AssessmentEnd.FinalPlanIssued)
        {
            steps.Add(TimetableStep.Notify(FinalPlanStep, final, true, NotificationKind.FamilyFinalPlan, to, AppealBy(final)));
        }

        return steps;
    }

    /// <summary>
    /// The family's notices of a review cycle: the survey that follows the previous decision (or the final plan), and
    /// the decision after this cycle's meeting. A ceased plan is sent no survey: its family's address is removed.
    /// </summary>
    public static IReadOnlyList<TimetableStep> Steps(ReviewCycle cycle)
    {
        var to = To(cycle.Plan.FamilyEmail, cycle.Plan.CaseworkerEmail);
        var steps = new List<TimetableStep>();
        if (cycle.Input.FamilySurveyAfter is { } after)
        {
            steps.Add(TimetableStep.Notify(SurveyStep, SurveyOn(after), !cycle.PlanEnded, NotificationKind.FamilySurvey, to, null));
        }

        if (cycle.Decision is { } decision)
        {
            // Amend: the date the amended plan is due by. Maintain or cease: the date to appeal by.
            var dueOn = decision.Kind == ReviewDecisionKind.Amend ? cycle.AmendedPlanDue : AppealBy(decision.On);
            steps.Add(TimetableStep.Notify(ReviewDecisionStep, decision.On, true, NotificationKind.FamilyReviewDecision, to, dueOn));

            // Sent in this cycle while it is still open (an amendment under way); otherwise carried to the next cycle.
            steps.Add(TimetableStep.Notify(
                SurveyAfterDecisionStep, SurveyOn(decision.On), !cycle.PlanEnded, NotificationKind.FamilySurvey, to, null));
        }

        return steps;
    }

    public static DateOnly SurveyOn(DateOnly after) => after.AddDays(SurveyAfterDays);

    public static bool IsSurvey(TimetableStep step) => step.Name is SurveyStep or SurveyAfterDecisionStep;

    /// <summary>
    /// Whether a notice the family is owed (one of <paramref name="owed"/>) has not gone yet, so the workflow must not
    /// end before it has. A step a workflow skips (due before it started) is not owed.
    /// </summary>
    public static bool Pending(
        IEnumerable<TimetableStep> familySteps, IReadOnlySet<string> taken, DateOnly? skipBefore, params string[] owed) =>
        familySteps.Any(step => step.Wanted && owed.Contains(step.Name) && !taken.Contains(step.Name)
            && (skipBefore is not { } start || step.SendOn >= start));

    /// <summary>What a family notice's wording needs: the decision it tells of, and whether it goes by post.</summary>
    public static NotificationFacts Facts(NotificationFacts facts, TimetableStep step, string? familyEmail, string? decision) =>
        facts with
        {
            FamilyDecision = decision,
            SendByPost = ByPost(familyEmail),
            ResponseEvent = IsSurvey(step) ? nameof(FamilySurveyAnswered) : null,
        };

    public static bool IsFamilyStep(TimetableStep step) => step.Name.StartsWith("family-", StringComparison.Ordinal);
}
