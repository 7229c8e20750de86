using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Tests;

/// <summary>Fictional notifications of every kind: invented case references, initials and example.org addresses.</summary>
internal static class SampleNotifications
{
    public const string CaseId = "EHC-2026-0147";
    public const string Initials = "J.T.";
    public const string Setting = "Oakfield Primary School";
    public const string Adviser = "ep.north@example.org";
    public const string Manager = "ep.manager@example.org";
    public const string SeniorLead = "ep.lead@example.org";
    public const string Caseworker = "caseworker.smith@example.org";
    public const string SenManager = "sen.manager@example.org";
    public const string Senco = "senco@oakfield.example.org";
    public const string AssistantDirector = "ad.send@example.org";
    public const string Family = "parent@family.example.org";
    public const string PlacementsOfficer = "placements@example.org";

    private static readonly NotificationFacts Visit = new()
    {
        ChildInitials = Initials, SettingName = "Hillside House (residential)", ResponseEvent = "MonitoringVisitRecorded",
    };

    private static readonly DateOnly Requested = new(2026, 2, 2);
    private static readonly DateOnly AdviceDue = Requested.AddDays(42);

    public static IEnumerable<Notification> EveryKind() => Enum.GetValues<NotificationKind>().Select(For);

    public static Notification For(NotificationKind kind)
    {
        var advice = new NotificationFacts
        {
            ChildInitials = Initials,
            SettingName = Setting,
            ContactKey = "ep-north",
            ContactRole = ContactRole.EducationalPsychology,
            RequestedOn = Requested,
            ResponseEvent = "AdviceReceived",
        };
        var review = new NotificationFacts { ChildInitials = Initials, SettingName = Setting };
        var family = new NotificationFacts { ChildInitials = Initials, SettingName = Setting, RequestedOn = Requested };
        var meeting = new DateOnly(2026, 6, 15);
        return kind switch
        {
            NotificationKind.AdviceRequest => Make(kind, Requested, [Adviser], [], AdviceDue, advice),
            NotificationKind.AdviceReminder => Make(kind, AdviceDue.AddDays(-14), [Adviser], [], AdviceDue, advice),
            NotificationKind.AdviceOverdue => Make(kind, AdviceDue.AddDays(1), [Adviser], [], AdviceDue, advice),
            NotificationKind.AdviceEscalation => Make(kind, AdviceDue.AddDays(1), [Manager], [], AdviceDue, advice with { AlreadyChased = [Adviser] }),
            NotificationKind.AdviceSeniorEscalation => Make(kind, AdviceDue.AddDays(10), [SeniorLead], [Caseworker], AdviceDue, advice with { AlreadyChased = [Adviser, Manager] }),
            NotificationKind.DecisionDueReminder => Make(kind, Requested.AddDays(35), [Caseworker], [], Requested.AddDays(42), review with { RequestedOn = Requested }),
            NotificationKind.DraftPlanDueReminder => Make(kind, Requested.AddDays(98), [Caseworker], [], Requested.AddDays(112), review with { RequestedOn = Requested }),
            NotificationKind.FinalPlanDueReminder => Make(kind, Requested.AddDays(126), [Caseworker], [], Requested.AddDays(140), review with { RequestedOn = Requested }),
            NotificationKind.StatutoryDeadlineMissed => Make(kind, Requested.AddDays(141), [SenManager], [], Requested.AddDays(140), review with { RequestedOn = Requested, MissedStep = StatutoryStep.FinalPlan }),
            NotificationKind.ReviewUpcoming => Make(kind, new DateOnly(2026, 4, 6), [Senco], [], new DateOnly(2026, 6, 15), review with { ResponseEvent = "ReviewMeetingScheduled" }),
            NotificationKind.ReviewMeetingNotScheduled => Make(kind, new DateOnly(2026, 5, 4), [Senco], [Caseworker], new DateOnly(2026, 6, 15), review with { ResponseEvent = "ReviewMeetingScheduled" }),
            NotificationKind.ReviewEscalation => Make(kind, new DateOnly(2026, 5, 18), [SenManager], [], new DateOnly(2026, 6, 15), review with { AlreadyChased = [Senco, Caseworker] }),
            NotificationKind.ReviewAdviceRequest => Make(kind, new DateOnly(2026, 5, 11), [Adviser], [], meeting.AddDays(-14), advice with { MeetingOn = meeting, RequestedOn = new DateOnly(2026, 5, 11) }),
            NotificationKind.ReviewReportOverdue => Make(kind, meeting.AddDays(15), [Senco], [], meeting.AddDays(14), review with { MeetingOn = meeting, ResponseEvent = "ReviewReportReceived" }),
            NotificationKind.ReviewDecisionDueReminder => Make(kind, meeting.AddDays(21), [Caseworker], [], meeting.AddDays(28), review with { MeetingOn = meeting }),
            NotificationKind.AmendedPlanDueReminder => Make(kind, new DateOnly(2026, 8, 24), [Caseworker], [], new DateOnly(2026, 9, 7), review with { MeetingOn = meeting }),
            NotificationKind.TermlyReviewList => Make(kind, new DateOnly(2026, 8, 20), [Senco], [], null, new NotificationFacts
            {
                SettingName = Setting,
                Items =
                [
                    new("EHC-2025-0031", "A.B.", "Annual review", new DateOnly(2026, 10, 12)),
                    new(CaseId, Initials, "Annual review (Year 6: transfer to secondary)", new DateOnly(2026, 11, 20)),
                    new("EHC-2024-0410", "S.K.", "Annual review", new DateOnly(2026, 12, 4)),
                ],
            }, "reviews-autumn-2026-oakfield"),
            NotificationKind.WeeklyDigest => Make(kind, new DateOnly(2026, 3, 16), [AssistantDirector], [], null, new NotificationFacts
            {
                Items =
                [
                    new(CaseId, Initials, "Educational psychology advice", AdviceDue, "Escalated to senior lead"),
                    new("EHC-2025-0288", "M.R.", "Final EHC plan (20 weeks)", new DateOnly(2026, 3, 20), "Due soon"),
                    new("EHC-2023-0102", "L.P.", "Annual review meeting", new DateOnly(2026, 3, 2), "Overdue, not scheduled"),
                    new("EHC-2025-0350", "K.W.", "assessment past week 16 without a final plan", new DateOnly(2026, 4, 10), "week 17"),
                    new("EHC-2024-0077", "R.D.", "awaiting provision: 40 days", null, "waiting since 2026-02-05"),
                    new("EHC-2022-0019", "T.N.", "monitoring visit overdue", new DateOnly(2026, 3, 1), "overdue"),
                ],
            }, "digest-2026-03-16"),
            NotificationKind.FamilyAssessmentDecision => Make(kind, Requested.AddDays(35), [Family], [], Requested.AddDays(140), family with { FamilyDecision = "assess" }),
            NotificationKind.FamilyDraftPlan => Make(kind, Requested.AddDays(98), [Family], [], Requested.AddDays(113), family),
            NotificationKind.FamilyFinalPlan => Make(kind, Requested.AddDays(133), [Family], [], Requested.AddDays(133).AddMonths(2), family),
            NotificationKind.FamilyReviewDecision => Make(kind, meeting.AddDays(21), [Family], [], meeting.AddDays(21).AddMonths(2), family with { FamilyDecision = "maintain", MeetingOn = meeting }),
            NotificationKind.FamilySurvey => Make(kind, meeting.AddDays(35), [Family], [], null, family with { ResponseEvent = "FamilySurveyAnswered" }),
            NotificationKind.MonitoringVisitDue => Make(kind, new DateOnly(2026, 9, 7), [PlacementsOfficer], [Caseworker], new DateOnly(2026, 10, 5), Visit),
            NotificationKind.MonitoringVisitOverdue => Make(kind, new DateOnly(2026, 10, 6), [PlacementsOfficer, SenManager], [], new DateOnly(2026, 10, 5), Visit),
            NotificationKind.MonthlyReport => new Notification(
                "monthly:2026-02", kind, "monthly:2026-02", new DateOnly(2026, 3, 2), [AssistantDirector], [], null, new NotificationFacts { Kpis = MonthlyFigures() }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No sample for this kind."),
        };
    }

    public static Notification Make(NotificationKind kind, DateOnly on, string[] to, string[] cc, DateOnly? due, NotificationFacts facts, string? caseId = null) =>
        new($"{caseId ?? CaseId}/{kind}/{on:yyyy-MM-dd}", kind, caseId ?? CaseId, on, to, cc, due, facts);

    /// <summary>Invented figures for February 2026 and 2025/26 to date, with the year before.</summary>
    private static MonthlyKpis MonthlyFigures()
    {
        static KpiComparison Line(KpiMeasure measure, ContactRole? role, (int, int) month, (int, int) monthBefore, (int, int) year, (int, int) yearBefore) =>
            new(measure, role, Rate.Of(month.Item1, month.Item2), Rate.Of(monthBefore.Item1, monthBefore.Item2), Rate.Of(year.Item1, year.Item2), Rate.Of(yearBefore.Item1, yearBefore.Item2));
        int[] within = [6, 5, 7, 4, 8, 6, 5, 0, 7, 9, 6, 8];
        int[] issued = [9, 8, 9, 7, 10, 9, 8, 0, 9, 11, 8, 10];
        return new MonthlyKpis(
            new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), new DateOnly(2025, 9, 1), new DateOnly(2026, 3, 2),
            10, 7, 55, 49, 23,
            [
                Line(KpiMeasure.NewPlansWithin20Weeks, null, (8, 10), (4, 7), (41, 55), (30, 49)),
                Line(KpiMeasure.NewPlansWithin20WeeksExcludingExceptions, null, (8, 9), (4, 6), (41, 50), (30, 45)),
                Line(KpiMeasure.ReviewsOnTime, null, (21, 30), (15, 28), (140, 190), (120, 185)),
                Line(KpiMeasure.SchoolTransferReviewsOnTime, null, (3, 4), (2, 4), (30, 35), (25, 33)),
                Line(KpiMeasure.Post16TransferReviewsOnTime, null, (0, 0), (1, 1), (12, 15), (10, 14)),
                Line(KpiMeasure.OtherReviewsOnTime, null, (18, 26), (12, 23), (98, 140), (85, 138)),
                Line(KpiMeasure.AmendedPlansWithin12Weeks, null, (5, 9), (3, 8), (40, 70), (35, 66)),
                Line(KpiMeasure.AdviceWithinSixWeeks, ContactRole.EducationalPsychology, (7, 10), (5, 9), (45, 60), (38, 58)),
                Line(KpiMeasure.AdviceWithinSixWeeks, ContactRole.Health, (9, 10), (8, 9), (52, 60), (50, 58)),
                Line(KpiMeasure.AdviceWithinSixWeeks, ContactRole.SocialCare, (6, 10), (6, 9), (40, 60), (41, 58)),
            ],
            [.. within.Select((w, i) => new MonthRate(new DateOnly(2025, 3, 1).AddMonths(i), Rate.Of(w, issued[i]), Rate.Of(w, Math.Max(w, issued[i] - 1))))]);
    }
}
