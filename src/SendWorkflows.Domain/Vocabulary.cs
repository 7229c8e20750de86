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
