namespace SendWorkflows.Domain;

/// <summary>The contract's <c>setting_type</c>.</summary>
public enum SettingType
{
    Mainstream,
    Special,
    Independent,
    OutOfArea,
    Residential,
    HomeEducated,
    Post16,
    EarlyYears,
    None,
}

/// <summary>A phase transfer that brings the annual review forward (contract section 1, reg 18).</summary>
public enum TransferKind
{
    None,

    /// <summary>Between schools (N2 to reception, Year 6 to Year 7): plan amended by 15 February.</summary>
    School,

    /// <summary>From secondary school to post-16 (Year 11): plan amended by 31 March.</summary>
    Post16,
}

/// <summary>The role of a contact in the contacts directory (contract section 3).</summary>
public enum ContactRole
{
    EducationalPsychology,
    Health,
    SocialCare,
    Education,
    PreparingForAdulthood,
    Other,
}

/// <summary>A reg 10(4) exception reason (contract section 2, <c>ExceptionRecorded.reason</c>).</summary>
public enum ExceptionReason
{
    SchoolClosure,
    EarlyYearsClosure,
    PersonalCircumstances,
    AbsentFromArea,
}

/// <summary>
/// Every notification kind of the contract's timetable (section 4). Names are the contract's spelling. A review's
/// advice ladder reuses the assessment ladder's kinds after <see cref="ReviewAdviceRequest"/>, as the contract says
/// ("the same reminder / overdue / escalation ladder as advice").
/// </summary>
public enum NotificationKind
{
    AdviceRequest,
    AdviceReminder,
    AdviceOverdue,
    AdviceEscalation,
    AdviceSeniorEscalation,
    DecisionDueReminder,
    DraftPlanDueReminder,
    FinalPlanDueReminder,
    StatutoryDeadlineMissed,
    ReviewUpcoming,
    ReviewMeetingNotScheduled,
    ReviewEscalation,
    ReviewAdviceRequest,
    ReviewReportOverdue,
    ReviewDecisionDueReminder,
    AmendedPlanDueReminder,
    TermlyReviewList,
    WeeklyDigest,
    FamilyAssessmentDecision,
    FamilyDraftPlan,
    FamilyFinalPlan,
    FamilyReviewDecision,
    FamilySurvey,
    MonitoringVisitDue,
    MonitoringVisitOverdue,
    MonthlyReport,
}

/// <summary>The contract's <c>AssessmentDecision.decision</c>.</summary>
public enum AssessmentDecisionKind
{
    Assess,
    Decline,
}

/// <summary>The contract's <c>ReviewDecision.decision</c>.</summary>
public enum ReviewDecisionKind
{
    Maintain,
    Amend,
    Cease,
}

/// <summary>The statutory steps whose missed deadline the SEN manager is told about (contract section 4).</summary>
public enum StatutoryStep
{
    /// <summary>The decision whether to carry out an EHC needs assessment: 6 weeks from the request (reg 5).</summary>
    AssessmentDecision,

    /// <summary>The final EHC plan: 20 weeks from the request (reg 13).</summary>
    FinalPlan,

    /// <summary>The decision after an annual review meeting: 4 weeks from the meeting (reg 20(10)).</summary>
    ReviewDecision,

    /// <summary>The final amended plan: 8 weeks from the amendment notice (reg 22(3)).</summary>
    AmendedPlan,
}

/// <summary>Which notifications go to the family (or to the caseworker to post to them).</summary>
public static class NotificationAudience
{
    public static bool IsFamilyNotice(this NotificationKind kind) => kind is NotificationKind.FamilyAssessmentDecision
        or NotificationKind.FamilyDraftPlan or NotificationKind.FamilyFinalPlan or NotificationKind.FamilyReviewDecision
        or NotificationKind.FamilySurvey;
}
