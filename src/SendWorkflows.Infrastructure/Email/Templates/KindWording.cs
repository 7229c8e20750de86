using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>What sets one notification kind apart from the others; everything else is the shared layout.</summary>
/// <param name="SubjectLabel">The start of the subject line ("Advice overdue").</param>
/// <param name="Heading">The first line of the body.</param>
/// <param name="Ask">What is asked of the recipient.</param>
/// <param name="Why">Why: the statutory limit behind the request.</param>
/// <param name="DueLabel">The label of the due date ("Advice due by").</param>
/// <param name="Shape">Whether the e-mail chases something overdue, or lists several cases.</param>
/// <param name="SubjectDue">The word before the due date in the subject ("due", "meeting by").</param>
internal sealed record KindWording(
    string SubjectLabel, string Heading, string Ask, string Why, string DueLabel, WordingShape Shape = WordingShape.Request, string SubjectDue = "due");

internal enum WordingShape
{
    /// <summary>Asks for something by a date.</summary>
    Request,

    /// <summary>Something is late: says since when.</summary>
    Overdue,

    /// <summary>Something is late and others were chased first: says since when and who was chased.</summary>
    Escalation,

    /// <summary>Several cases in a table (<see cref="NotificationFacts.Items"/>).</summary>
    List,

    /// <summary>Council-wide figures (<see cref="NotificationFacts.Kpis"/>): tables and charts, no case.</summary>
    Report,
}

/// <summary>The wording of every notification kind, in one table.</summary>
internal static class KindWordings
{
    private const string AdviceWhy =
        "The law gives 6 weeks from our request for advice (SEND Regulations 2014, regulation 8), so that the EHC plan can be finished within the 20-week limit.";

    private const string LateAdviceWhy =
        "Late advice puts the child's 20-week statutory deadline at risk (SEND Regulations 2014, regulations 8 and 13).";

    private const string ReviewWhy =
        "An EHC plan must be reviewed within 12 months of the plan being issued or of its last review (Children and Families Act 2014, section 44).";

    private static readonly Dictionary<NotificationKind, KindWording> Table = new()
    {
        [NotificationKind.AdviceRequest] = new(
            "Advice requested",
            "Please send your advice for an EHC needs assessment",
            "We are carrying out an education, health and care (EHC) needs assessment and ask for your advice. Please send it by the due date below.",
            AdviceWhy,
            "Advice due by"),
        [NotificationKind.AdviceReminder] = new(
            "Advice due soon",
            "Reminder: your advice is due soon",
            "We have not yet received the advice we asked you for. Please send it by the due date below.",
            AdviceWhy,
            "Advice due by"),
        [NotificationKind.AdviceOverdue] = new(
            "Advice overdue",
            "Your advice is overdue",
            "The advice we asked you for has not arrived and its deadline has passed. Please send it now, or tell us today when it will arrive.",
            LateAdviceWhy,
            "Advice was due by",
            WordingShape.Overdue),
        [NotificationKind.AdviceEscalation] = new(
            "Advice overdue from your team",
            "Advice from your team is overdue",
            "Advice we asked a member of your team for has not arrived by its statutory deadline. Please make sure it is sent now.",
            LateAdviceWhy,
            "Advice was due by",
            WordingShape.Escalation),
        [NotificationKind.AdviceSeniorEscalation] = new(
            "Advice still overdue",
            "Advice is still overdue after escalation",
            "Advice for this EHC needs assessment is still missing although the adviser and their manager have been chased. Please step in so that it is sent now.",
            LateAdviceWhy,
            "Advice was due by",
            WordingShape.Escalation),
        [NotificationKind.DecisionDueReminder] = new(
            "Decision due",
            "Decide whether to carry out an EHC needs assessment",
            "Please decide whether to assess, and tell the family, by the due date below.",
            "The decision must be given within 6 weeks of the request (SEND Regulations 2014, regulation 5).",
            "Decision due by"),
        [NotificationKind.DraftPlanDueReminder] = new(
            "Draft plan due",
            "The draft EHC plan is due soon",
            "Please issue the draft plan, or the decision not to issue a plan, by the due date below.",
            "The family needs at least 15 days to comment on the draft before the final plan's 20-week deadline (SEND Regulations 2014, regulations 10 and 13).",
            "Draft due by"),
        [NotificationKind.FinalPlanDueReminder] = new(
            "Final plan due",
            "The final EHC plan is due soon",
            "Please issue the final EHC plan by the due date below.",
            "The final plan must be issued within 20 weeks of the request (SEND Regulations 2014, regulation 13).",
            "Final plan due by"),
        [NotificationKind.StatutoryDeadlineMissed] = new(
            "Statutory deadline missed",
            "A statutory deadline has been missed",
            "A statutory step for this case was not completed by its deadline. Please check the case and make sure the step is completed as soon as possible.",
            "Missed deadlines count in the council's SEND performance figures, and the law still requires the council to act as soon as practicable.",
            "Deadline was",
            WordingShape.Overdue,
            "deadline"),
        [NotificationKind.ReviewUpcoming] = new(
            "Annual review due",
            "Please arrange the annual review meeting",
            "This EHC plan's annual review is coming up. Please fix the meeting date, invite everyone at least 2 weeks ahead, and tell us the date.",
            ReviewWhy,
            "Meeting needed by",
            SubjectDue: "meeting by"),
        [NotificationKind.ReviewMeetingNotScheduled] = new(
            "Review meeting not arranged",
            "The annual review meeting has not been arranged yet",
            "We have not heard a date for this annual review meeting. Please fix the date and tell us now.",
            ReviewWhy,
            "Meeting needed by",
            SubjectDue: "meeting by"),
        [NotificationKind.ReviewEscalation] = new(
            "Review meeting still not arranged",
            "An annual review meeting is still not arranged",
            "The setting was asked to arrange this annual review meeting and has not given us a date. Please follow this up.",
            ReviewWhy,
            "Meeting needed by",
            WordingShape.Escalation,
            "meeting by"),
        [NotificationKind.ReviewAdviceRequest] = new(
            "Advice for annual review",
            "Please send your advice for an annual review",
            "Please send your advice for this EHC plan's annual review by the due date below, so that it can be shared before the meeting.",
            "Advice must reach everyone invited at least 2 weeks before the meeting (SEND Regulations 2014, regulation 20).",
            "Advice due by"),
        [NotificationKind.ReviewReportOverdue] = new(
            "Review report overdue",
            "The annual review report is overdue",
            "Please send the report of the annual review meeting to us and to everyone who was invited, now.",
            "The report is due within 2 weeks of the meeting (SEND Regulations 2014, regulation 20(7)).",
            "Report was due by",
            WordingShape.Overdue),
        [NotificationKind.ReviewDecisionDueReminder] = new(
            "Review decision due",
            "Decide the outcome of the annual review",
            "Please decide whether to keep, amend or cease the EHC plan, and tell the family, by the due date below.",
            "The decision is due within 4 weeks of the review meeting (SEND Regulations 2014, regulation 20(10)).",
            "Decision due by"),
        [NotificationKind.AmendedPlanDueReminder] = new(
            "Amended plan due",
            "The amended EHC plan is due soon",
            "Please issue the final amended EHC plan by the due date below.",
            "The amended plan must be issued within 8 weeks of the amendment notice (SEND Regulations 2014, regulation 22(3)).",
            "Amended plan due by"),
        [NotificationKind.TermlyReviewList] = new(
            "Annual reviews due next term",
            "Annual reviews due next term",
            "These EHC plans are due for their annual review next term. Please plan the meetings and tell us each date as you fix it.",
            "Settings receive the list of reviews due at least 2 weeks before each term starts (SEND Code of Practice, paragraph 9.172).",
            "Due by",
            WordingShape.List),
        [NotificationKind.WeeklyDigest] = new(
            "Weekly SEND digest",
            "This week's overdue, escalated and upcoming items",
            "These items are overdue or escalated, or fall due in the next 4 weeks. Then come assessments past week 16 without a final plan, children waiting for provision (longest wait first) and overdue monitoring visits.",
            "A weekly overview so that no statutory deadline is missed unnoticed.",
            "Due by",
            WordingShape.List),

        // Notices to families: their letters are FamilyLetters (plain English for parents); these are the labels staff
        // read on the dashboard and case timeline.
        [NotificationKind.FamilyAssessmentDecision] = Family("Family told of the assessment decision"),
        [NotificationKind.FamilyDraftPlan] = Family("Family sent the draft plan notice"),
        [NotificationKind.FamilyFinalPlan] = Family("Family sent the final plan notice"),
        [NotificationKind.FamilyReviewDecision] = Family("Family told of the review decision"),
        [NotificationKind.FamilySurvey] = Family("Family survey sent"),
        [NotificationKind.MonitoringVisitDue] = new(
            "Monitoring visit due",
            "Please arrange a monitoring visit to this child's placement",
            "This child's placement is visited at least once a year and the next visit is due by the date below. Please arrange it and, once it has taken place, record its date through the link in this e-mail.",
            MonitoringWhy,
            "Visit due by"),
        [NotificationKind.MonitoringVisitOverdue] = new(
            "Monitoring visit overdue",
            "A monitoring visit to this child's placement is overdue",
            "No visit to this child's placement has been recorded and its due date has passed. Please arrange the visit now or, if it has taken place, record its date through the link in this e-mail.",
            MonitoringWhy,
            "Visit was due by",
            WordingShape.Overdue),
        [NotificationKind.MonthlyReport] = new(
            "Monthly SEND report",
            "Statutory timescales: the month and the year to date",
            "These are the figures for the month just ended and for the academic year to its end, each beside the same period a year before.",
            "Boards and the Department for Education report how many EHC plans, reviews and advice met their statutory limits (SEND Regulations 2014; Children and Families Act 2014, section 44).",
            "",
            WordingShape.Report),
    };

    private static KindWording Family(string label) => new(
        label, label, "A notice to the family (see FamilyLetters).", "Families are told of every statutory step and their right of appeal.", "By");

    private const string MonitoringWhy =
        "The council visits every child placed out of its area, in a residential setting or in an independent setting at least once a year, to check that the placement still meets the needs in the EHC plan.";

    private const string LateReviewAdviceWhy =
        "Advice for an annual review must reach everyone invited at least 2 weeks before the meeting (SEND Regulations 2014, regulation 20).";

    /// <summary>
    /// An annual review reuses the assessment's advice ladder (contract section 4); the wording must still say it is
    /// about a review. A ladder notification that carries a meeting date is a review's.
    /// </summary>
    private static readonly Dictionary<NotificationKind, KindWording> ReviewAdviceLadder = new()
    {
        [NotificationKind.AdviceReminder] = new(
            "Advice for annual review due soon",
            "Reminder: your advice for an annual review is due soon",
            "We have not yet received your advice for this EHC plan's annual review. Please send it by the due date below.",
            LateReviewAdviceWhy,
            "Advice due by"),
        [NotificationKind.AdviceOverdue] = new(
            "Advice for annual review overdue",
            "Your advice for an annual review is overdue",
            "Your advice for this annual review has not arrived and its deadline has passed. Please send it now, or tell us today when it will arrive.",
            LateReviewAdviceWhy,
            "Advice was due by",
            WordingShape.Overdue),
        [NotificationKind.AdviceEscalation] = new(
            "Annual review advice overdue from your team",
            "Advice from your team for an annual review is overdue",
            "Advice for an annual review that we asked a member of your team for has not arrived by its deadline. Please make sure it is sent now.",
            LateReviewAdviceWhy,
            "Advice was due by",
            WordingShape.Escalation),
        [NotificationKind.AdviceSeniorEscalation] = new(
            "Annual review advice still overdue",
            "Advice for an annual review is still overdue after escalation",
            "Advice for this annual review is still missing although the adviser and their manager have been chased. Please step in so that it is sent now.",
            LateReviewAdviceWhy,
            "Advice was due by",
            WordingShape.Escalation),
    };

    /// <summary>
    /// An imported review already past its escalation point: the SEN manager hears of it for the first time, so the
    /// e-mail says nobody has been chased yet and that the setting is asked now (docs/adr/0033).
    /// </summary>
    private static readonly KindWording OverdueOnArrival = new(
        "Annual review overdue on arrival",
        "An annual review was already overdue when the plan was loaded",
        "This EHC plan's annual review was already overdue when the plan was loaded into this service, and no meeting date is recorded. Nobody has been chased about it yet: we are asking the setting, copied in, to fix the meeting date now. Please make sure the review goes ahead.",
        ReviewWhy,
        "Review was due by",
        WordingShape.Overdue,
        "was due");

    /// <summary>A plan loaded on or after its escalation point: due to be escalated before the setting could be asked.</summary>
    private static readonly KindWording EscalatedBeforeAnyAsk = new(
        "Review meeting not arranged, setting not yet asked",
        "An annual review meeting is not arranged and the setting has not been asked yet",
        "This plan was loaded into this service too late for the setting to be asked to arrange the review meeting, and no meeting date is recorded. Nobody has been chased about it yet. Please ask the setting to fix the meeting date now.",
        ReviewWhy,
        "Meeting needed by",
        WordingShape.Escalation,
        "meeting by");

    /// <summary>The same notice as the setting reads it: they are the one asked, with their own link.</summary>
    private static readonly KindWording OverdueOnArrivalForSetting = OverdueOnArrival with
    {
        Heading = "Please arrange this overdue annual review meeting",
        Ask = "This EHC plan's annual review is overdue and we have no meeting date for it. Please fix the meeting date as soon as you can, invite everyone at least 2 weeks ahead, and tell us the date. The SEN manager has been told.",
    };

    public static KindWording For(Notification notification) => notification switch
    {
        { Kind: NotificationKind.ReviewEscalation, Facts.FirstNotice: true, Facts.RespondentEmail: not null } => OverdueOnArrival,
        { Kind: NotificationKind.ReviewEscalation, Facts.FirstNotice: true } => EscalatedBeforeAnyAsk,
        { Kind: NotificationKind.StatutoryDeadlineMissed, Facts.MissedStep: { } step } => MissedDeadline(step),
        { Facts.MeetingOn: not null } when ReviewAdviceLadder.TryGetValue(notification.Kind, out var review) => review,
        _ => For(notification.Kind),
    };

    /// <summary>The wording for a copied recipient who is the one asked to act (the setting on an overdue-on-arrival notice).</summary>
    public static KindWording ForRespondent(Notification notification) =>
        notification is { Kind: NotificationKind.ReviewEscalation, Facts.FirstNotice: true } ? OverdueOnArrivalForSetting : For(notification);

    /// <summary>The missed-deadline alert, naming the step that was missed and its limit.</summary>
    private static KindWording MissedDeadline(StatutoryStep step)
    {
        var (what, done, limit, law) = step switch
        {
            StatutoryStep.AssessmentDecision => ("decision whether to carry out an EHC needs assessment", "made", "within 6 weeks of the request", "regulation 5"),
            StatutoryStep.FinalPlan => ("final EHC plan", "issued", "within 20 weeks of the request", "regulation 13"),
            StatutoryStep.ReviewDecision => ("decision after the annual review meeting (maintain, amend or cease)", "sent", "within 4 weeks of the meeting", "regulation 20(10)"),
            StatutoryStep.AmendedPlan => ("final amended EHC plan", "issued", "within 8 weeks of the amendment notice", "regulation 22(3)"),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, $"No wording for statutory step {step}."),
        };
        var missed = Table[NotificationKind.StatutoryDeadlineMissed];
        return missed with
        {
            Heading = $"Statutory deadline missed: the {what}",
            Ask = $"The {what} for this case was not {done} {limit}, as the law requires. Please check the case and make sure it is {done} as soon as possible.",
            Why = $"The limit is set by the SEND Regulations 2014, {law}. {missed.Why}",
        };
    }

    public static KindWording For(NotificationKind kind) =>
        Table.TryGetValue(kind, out var wording)
            ? wording
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, $"No e-mail wording for notification kind {kind}.");

    public static string Describe(ContactRole role) => role switch
    {
        ContactRole.EducationalPsychology => "Educational psychology",
        ContactRole.Health => "Health",
        ContactRole.SocialCare => "Social care",
        ContactRole.Education => "Education",
        ContactRole.PreparingForAdulthood => "Preparing for adulthood",
        _ => "Other",
    };
}
