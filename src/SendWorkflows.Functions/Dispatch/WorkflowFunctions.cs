namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// The names of the workflows' orchestrators. Each must be both a registry name and a [Function] name, because
/// Durable Functions schedules orchestrations and activities by function name; a test checks the three agree.
/// </summary>
public static class WorkflowFunctions
{
    public const string Assessment = "AssessmentOrchestrator";
    public const string AdviceRequest = "AdviceRequestOrchestrator";
    public const string AnnualReview = "AnnualReviewOrchestrator";
    public const string TermlyReviewList = "TermlyReviewListOrchestrator";
    public const string WeeklyDigest = "WeeklyDigestOrchestrator";

    public const string RecordNotification = "RecordNotificationActivity";
    public const string LookUpContactRole = "LookUpContactRoleActivity";
    public const string RecordRejectedEvent = "RecordRejectedEventActivity";
    public const string RecordOutcome = "RecordOutcomeActivity";
    public const string UpdateRegister = "UpdateRegisterActivity";
    public const string StartAnnualReview = "StartAnnualReviewActivity";
    public const string SendTermlyReviewLists = "SendTermlyReviewListsActivity";
    public const string SendWeeklyDigest = "SendWeeklyDigestActivity";

    public static IReadOnlyList<EternalWorkflow> Eternal { get; } =
    [
        new(WeeklyDigest, "council:weekly-digest", today => today),
        new(TermlyReviewList, "council:termly-review-lists", today => today),
    ];
}
