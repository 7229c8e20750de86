using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using SendWorkflows.Functions.Dispatch;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// One orchestrator function per workflow orchestrator, each running the registry's class of the same name on the
/// real context. Orchestrator code must be deterministic; the runner adds nothing but a name lookup.
/// </summary>
public sealed class WorkflowOrchestratorFunctions(RegisteredOrchestratorRunner runner)
{
    [Function(WorkflowFunctions.Assessment)]
    public Task<object?> AssessmentAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        runner.RunAsync(context, function.InstanceServices);

    [Function(WorkflowFunctions.AdviceRequest)]
    public Task<object?> AdviceRequestAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        runner.RunAsync(context, function.InstanceServices);

    [Function(WorkflowFunctions.AnnualReview)]
    public Task<object?> AnnualReviewAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        runner.RunAsync(context, function.InstanceServices);

    [Function(WorkflowFunctions.TermlyReviewList)]
    public Task<object?> TermlyReviewListAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        runner.RunAsync(context, function.InstanceServices);

    [Function(WorkflowFunctions.WeeklyDigest)]
    public Task<object?> WeeklyDigestAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        runner.RunAsync(context, function.InstanceServices);

    [Function(WorkflowFunctions.MonitoringVisit)]
    public Task<object?> MonitoringVisitAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        runner.RunAsync(context, function.InstanceServices);

    [Function(WorkflowFunctions.MonthlyReport)]
    public Task<object?> MonthlyReportAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        runner.RunAsync(context, function.InstanceServices);
}
