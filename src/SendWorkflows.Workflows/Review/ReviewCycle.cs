using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Events;

namespace SendWorkflows.Workflows.Review;

/// <summary>
/// What has happened so far in one annual review cycle of a plan, and which events are possible next. Pure: the
/// orchestrator feeds it events and reads the timetable, the register status and the outcome from it.
/// </summary>
public sealed class ReviewCycle
{
    readonly HashSet<string> appliedEventIds;
    readonly HashSet<string> stepsTaken = [];
    readonly Dictionary<string, DateOnly> adviceRequested = new(StringComparer.Ordinal);
    readonly Dictionary<string, DateOnly> adviceReceived = new(StringComparer.Ordinal);

    public ReviewCycle(AnnualReviewInput input, DateOnly startedOn)
    {
        Input = input;
        Plan = input.Plan;
        StartedOn = startedOn;
        appliedEventIds = [.. input.AppliedEventIds];
        OpenSurvey = input.OpenSurvey;
        var plan = input.Plan;
        Dates = WorkflowCalendar.Target(
            WorkflowCalendar.ReviewDue(plan.PlanIssuedOn, input.LastReviewOn, plan.DateOfBirth), plan.YearGroupAtStart, plan.YearGroupKnownOn, plan.TransferOverride);
    }

    public AnnualReviewInput Input { get; }
    /// <summary>The plan as it stands now: a placement or caseworker change during the cycle replaces it.</summary>
    public ReviewedPlan Plan { get; private set; }

    /// <summary>The day this cycle's workflow started: steps that fell due before it are skipped.</summary>
    public DateOnly StartedOn { get; }

    /// <summary>D, T and the transfer that brought T forward.</summary>
    public ReviewTarget Dates { get; }

    public DateOnly? MeetingOn { get; private set; }
    public DateOnly? MeetingHeldOn { get; private set; }
    public DateOnly? ReportReceivedOn { get; private set; }
    public (ReviewDecisionKind Kind, DateOnly On)? Decision { get; private set; }
    public DateOnly? AmendedPlanIssuedOn { get; private set; }
    public DateOnly? CeasedOn { get; private set; }

    /// <summary>The family survey sent and not yet answered (version 2), carried from cycle to cycle until answered.</summary>
    public OpenFamilySurvey? OpenSurvey { get; private set; }

    /// <summary>The family's answers to <see cref="OpenSurvey"/>, once they came in this cycle.</summary>
    public FamilySurveyAnswered? SurveyAnswers { get; private set; }

    /// <summary>When the previous cycle's overdue amended plan arrived during this cycle.</summary>
    public DateOnly? LateAmendedPlanOn { get; private set; }
    public IReadOnlySet<string> StepsTaken => stepsTaken;
    public IReadOnlyCollection<string> AppliedEventIds => appliedEventIds;

    public DateOnly? DecisionDue => MeetingOn is { } m ? WorkflowCalendar.ReviewDecisionDue(m) : null;
    public DateOnly? AmendedPlanDue => Decision is { Kind: ReviewDecisionKind.Amend } d ? WorkflowCalendar.AmendedPlanDue(d.On) : null;

    public bool PlanEnded => CeasedOn is not null;

    /// <summary>The cycle closes at the decision to maintain, the amended plan (or its missed deadline), or the end of the plan.</summary>
    public bool IsOver => PlanEnded
        || Decision?.Kind == ReviewDecisionKind.Maintain
        || (Decision?.Kind == ReviewDecisionKind.Amend && (AmendedPlanIssuedOn is not null || stepsTaken.Contains(ReviewTimetable.AmendedPlanMissed)));

    public YearGroup YearGroupOn(DateOnly on) => WorkflowCalendar.YearGroupOn(Plan.YearGroupAtStart, Plan.YearGroupKnownOn, on);

    /// <summary>Who is asked for advice for a meeting on <paramref name="meetingOn"/>: the plan's contributors, and from Year 9 the preparing-for-adulthood adviser.</summary>
    public IReadOnlyList<string> ContributorsFor(DateOnly meetingOn) =>
        Plan.PreparingForAdulthoodContact is { } adulthood && YearGroupOn(meetingOn) >= YearGroup.Year(9) && !Plan.Contributors.Contains(adulthood)
            ? [.. Plan.Contributors, adulthood]
            : Plan.Contributors;

    public bool HasApplied(string eventId) => appliedEventIds.Contains(eventId);

    public void StepTaken(string step) => stepsTaken.Add(step);

    public void AdviceRequestedFrom(string contactKey, DateOnly on) => adviceRequested[contactKey] = on;

    /// <summary>The family survey went out: its answers are awaited from now (a survey still unanswered is replaced).</summary>
    public void SurveySent(string notificationKey, DateOnly on) => OpenSurvey = new OpenFamilySurvey(notificationKey, on);

    /// <summary>Applies <paramref name="e"/>; returns why it is impossible now, or null when applied.</summary>
    public string? Apply(CaseEvent e)
    {
        var refusal = Refusal(e);
        appliedEventIds.Add(e.Id);
        if (refusal is not null)
        {
            return refusal;
        }

        switch (e)
        {
            case ReviewMeetingScheduled s: MeetingOn = s.MeetingOn; break;
            case ReviewMeetingHeld h: MeetingOn = MeetingHeldOn = h.On; break;
            case ReviewReportReceived r: ReportReceivedOn = r.On; break;
            case ReviewDecision d:
                Decision = (d.Decision, d.On);
                MeetingHeldOn ??= MeetingOn;
                CeasedOn = d.Decision == ReviewDecisionKind.Cease ? d.On : null;
                break;
            case AmendedPlanIssued a when Decision?.Kind == ReviewDecisionKind.Amend: AmendedPlanIssuedOn = a.On; break;
            case AmendedPlanIssued a: LateAmendedPlanOn = a.On; break;
            case AdviceRequested a: adviceRequested[a.Contact] = a.On; break;
            case PlanCeased c: CeasedOn = c.On; break;
            case AdviceReceived a: adviceReceived[a.Contact] = a.On; break;
            case PlacementChanged p: Plan = Plan with { SettingName = p.SettingName, SettingEmail = p.SettingEmail, SettingType = p.SettingType }; break;
            case CaseworkerChanged c: Plan = Plan with { CaseworkerEmail = c.CaseworkerEmail }; break;
            case ContributorsChanged c: Plan = Plan with { Contributors = c.Contributors }; break;
            case FamilyContactChanged f: Plan = Plan with { FamilyEmail = f.FamilyEmail }; break;
            case FamilySurveyAnswered a:
                SurveyAnswers = a;
                OpenSurvey = null;
                break;
            case ProvisionAwaited a: Plan = Plan with { AwaitingProvision = true, AwaitingProvisionSince = a.On }; break;
            case ProvisionSecured: Plan = Plan with { AwaitingProvision = false, AwaitingProvisionSince = null }; break;
        }

        return null;
    }

    string? Refusal(CaseEvent e) => e switch
    {
        ReviewMeetingScheduled or ReviewMeetingHeld when MeetingHeldOn is { } held => $"this cycle's review meeting was already held on {held:yyyy-MM-dd}",
        ReviewMeetingScheduled or ReviewMeetingHeld when Decision is { } d => $"the review decision was already made on {d.On:yyyy-MM-dd}",
        ReviewReportReceived when !MeetingTookPlaceBy(e.On) => "no review meeting has taken place in this cycle",
        ReviewReportReceived when ReportReceivedOn is { } on => $"the review report was already received on {on:yyyy-MM-dd}",
        ReviewDecision when Decision is { } d => $"the review decision was already made ({d.Kind}) on {d.On:yyyy-MM-dd}",
        ReviewDecision when !MeetingTookPlaceBy(e.On) => "no review meeting has taken place in this cycle",
        AmendedPlanIssued when Decision?.Kind != ReviewDecisionKind.Amend && (Input.OpenAmendment is null || LateAmendedPlanOn is not null) =>
            "there is no decision to amend the plan",
        AmendedPlanIssued when AmendedPlanIssuedOn is { } on => $"the amended plan was already issued on {on:yyyy-MM-dd}",
        AdviceRequested when MeetingOn is null => "no review meeting is fixed to give advice for",
        AdviceRequested a when adviceRequested.TryGetValue(a.Contact, out var on) => $"advice from '{a.Contact}' was already requested on {on:yyyy-MM-dd}",
        AdviceReceived a when !adviceRequested.ContainsKey(a.Contact) => $"advice was never requested from '{a.Contact}' for this review cycle",
        AdviceReceived a when adviceReceived.TryGetValue(a.Contact, out var on) => $"advice from '{a.Contact}' was already received on {on:yyyy-MM-dd}",
        FamilySurveyAnswered when SurveyAnswers is { } answered => $"the family survey was already answered on {answered.On:yyyy-MM-dd}",
        FamilySurveyAnswered when OpenSurvey is null => "no family survey is waiting for answers",
        ProvisionAwaited when Plan.AwaitingProvision =>
            $"the child is already waiting for provision{(Plan.AwaitingProvisionSince is { } since ? $" (since {since:yyyy-MM-dd})" : "")}",
        ProvisionSecured when !Plan.AwaitingProvision => "the child is not waiting for provision",
        ReviewMeetingScheduled or ReviewMeetingHeld or ReviewReportReceived or ReviewDecision or AmendedPlanIssued or PlanCeased
            or AdviceRequested or AdviceReceived or PlacementChanged or CaseworkerChanged or ContributorsChanged
            or FamilyContactChanged or FamilySurveyAnswered or ProvisionAwaited or ProvisionSecured => null,
        _ => $"{e.Type} is not an annual review event",
    };

    bool MeetingTookPlaceBy(DateOnly on) => MeetingHeldOn is not null || MeetingOn <= on;

    /// <summary>The register's last review and next review: this cycle's until its meeting is held, the next one's after.</summary>
    public (DateOnly? LastReviewOn, ReviewTarget Next) RegisterDates => MeetingHeldOn is { } held
        ? (held, WorkflowCalendar.Target(
            WorkflowCalendar.ReviewDue(Plan.PlanIssuedOn, held, Plan.DateOfBirth), Plan.YearGroupAtStart, Plan.YearGroupKnownOn, Plan.TransferOverride))
        : (Input.LastReviewOn, Dates);

    /// <summary>The register's one-word view of where the review stands.</summary>
    public string Status =>
        PlanEnded ? "ceased"
        : Decision?.Kind == ReviewDecisionKind.Amend ? "amending"
        : MeetingHeldOn is not null ? "awaiting decision"
        : MeetingOn is not null ? "meeting fixed"
        : stepsTaken.Contains(ReviewTimetable.Escalation) || stepsTaken.Contains(ReviewTimetable.OverdueAtStart) ? "escalated"
        : "awaiting meeting";

    /// <summary>How this cycle did against the target date, the 4-week decision and the 12-week amended plan.</summary>
    public ReviewOutcome Outcome(IReadOnlyList<AdviceOutcome> advice, DateOnly asOf)
    {
        var held = MeetingHeldOn;
        var meeting = LimitCheck.Evaluate("meeting", Dates.Target, held, asOf);
        return new ReviewOutcome(
            Plan.PlanId, Input.Cycle, Dates.Due, Dates.Target, Dates.Transfer, held,
            meeting.Status == LimitStatus.Pending ? meeting with { Status = LimitStatus.NotApplicable } : meeting,
            Decision?.On, Decision?.Kind,
            held is { } m ? LimitCheck.Evaluate("decision", WorkflowCalendar.ReviewDecisionDue(m), Decision?.On, asOf) : null,
            Decision?.Kind == ReviewDecisionKind.Amend && held is { } h
                ? LimitCheck.Evaluate("amended-plan", WorkflowCalendar.AmendedPlanLatest(h), AmendedPlanIssuedOn, asOf)
                : null,
            advice);
    }

    /// <summary>The previous cycle's outcome once its late amended plan arrives.</summary>
    public static ReviewOutcome WithAmendedPlan(ReviewOutcome open, DateOnly issuedOn) =>
        open with { AmendedPlan = open.AmendedPlan is { } limit ? LimitCheck.Evaluate(limit.Limit, limit.DueOn, issuedOn, issuedOn) : null };
}
