using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.CaseEvents;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// The staff API, at the local host's addresses: post a case event as the contract's JSON (handled exactly like a
/// Service Bus message) and read a workflow instance's state. Function-key protected; put API Management or Easy
/// Auth in front for staff sign-in.
/// </summary>
public sealed class StaffApiFunctions(CaseEventMessageHandler handler)
{
    [Function("PostCaseEvent")]
    public async Task<HttpResponseData> PostCaseEventAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/events")] HttpRequestData request,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadAsStringAsync() ?? string.Empty;
        var settlement = await handler.HandleAsync(
            new CaseEventMessage(body, SessionId: null, MessageId: null), durableClient, cancellationToken);
        return await HttpJson.RespondAsync(request, settlement);
    }

    [Function("GetWorkflowInstance")]
    public async Task<HttpResponseData> GetInstanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/instances/{instanceId}")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        var instance = await durableClient.GetInstanceAsync(instanceId, false, cancellationToken);
        return instance is null
            ? await HttpJson.RespondAsync(request, HttpStatusCode.NotFound, new HttpReply("NoSuchInstance", $"No workflow instance has the id '{instanceId}'."))
            : await HttpJson.RespondAsync(request, HttpStatusCode.OK, new
            {
                instance.Name,
                instance.InstanceId,
                instance.RuntimeStatus,
                instance.CreatedAt,
                instance.LastUpdatedAt,
                CustomStatus = instance.SerializedCustomStatus,
            });
    }
}
