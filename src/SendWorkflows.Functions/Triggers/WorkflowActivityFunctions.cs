using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.Dispatch;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// One activity function per workflow activity, each running the registry's class of the same name. The trigger
/// binds the raw JSON input, the id of the orchestration that scheduled it (binding data) and a Durable client for
/// activities that start workflows.
/// </summary>
public sealed class WorkflowActivityFunctions(RegisteredActivityRunner runner, CaseEvents.DurableClientHolder durableClients)
{
    [Function(WorkflowFunctions.RecordNotification)]
    public Task<object?> RecordNotificationAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    [Function(WorkflowFunctions.LookUpContactRole)]
    public Task<object?> LookUpContactRoleAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    [Function(WorkflowFunctions.RecordRejectedEvent)]
    public Task<object?> RecordRejectedEventAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    [Function(WorkflowFunctions.RecordOutcome)]
    public Task<object?> RecordOutcomeAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    [Function(WorkflowFunctions.UpdateRegister)]
    public Task<object?> UpdateRegisterAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    [Function(WorkflowFunctions.StartAnnualReview)]
    public Task<object?> StartAnnualReviewAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    [Function(WorkflowFunctions.SendTermlyReviewLists)]
    public Task<object?> SendTermlyReviewListsAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    [Function(WorkflowFunctions.SendWeeklyDigest)]
    public Task<object?> SendWeeklyDigestAsync(
        [ActivityTrigger] JsonElement input, string instanceId, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        RunAsync(input, instanceId, client, function);

    Task<object?> RunAsync(JsonElement input, string instanceId, DurableTaskClient client, FunctionContext function)
    {
        // Shared services built once (the digest's failed-workflows list) take the client the holder was offered.
        durableClients.Offer(client);
        return runner.RunAsync(function.FunctionDefinition.Name, instanceId, input, new DurableClientServices(function.InstanceServices, client));
    }
}
