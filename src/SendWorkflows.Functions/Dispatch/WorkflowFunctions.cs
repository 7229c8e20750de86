using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// The names of the workflows' orchestrators and activities. Each must be both a registry name and a [Function]
/// name, because Durable Functions schedules orchestrations and activities by function name; a test checks they agree.
/// </summary>
public static class WorkflowFunctions
{
    public const string Assessment = nameof(AssessmentOrchestrator);
    public const string AdviceRequest = nameof(AdviceRequestOrchestrator);
    public const string AnnualReview = nameof(AnnualReviewOrchestrator);
    public const string TermlyReviewList = nameof(TermlyReviewListOrchestrator);
    public const string WeeklyDigest = nameof(WeeklyDigestOrchestrator);
    public const string MonitoringVisit = nameof(Workflows.Monitoring.MonitoringVisitOrchestrator);
    public const string MonthlyReport = nameof(MonthlyReportOrchestrator);

    public const string RecordNotification = nameof(RecordNotificationActivity);
    public const string LookUpContactRole = nameof(LookUpContactRoleActivity);
    public const string RecordRejectedEvent = nameof(RecordRejectedEventActivity);
    public const string RecordOutcome = nameof(RecordOutcomeActivity);
    public const string UpdateRegister = nameof(UpdateRegisterActivity);
    public const string StartAnnualReview = nameof(StartAnnualReviewActivity);
    public const string SendTermlyReviewLists = nameof(SendTermlyReviewListsActivity);
    public const string SendWeeklyDigest = nameof(SendWeeklyDigestActivity);
    public const string UpdateMonitoringRegister = nameof(Workflows.Monitoring.UpdateMonitoringRegisterActivity);
    public const string SendMonthlyReport = nameof(SendMonthlyReportActivity);
}
