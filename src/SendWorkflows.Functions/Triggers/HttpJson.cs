using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using SendWorkflows.Functions.CaseEvents;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Functions.Triggers;

/// <summary>JSON responses in the same shape as everything else the engine writes.</summary>
public static class HttpJson
{
    public static async Task<HttpResponseData> RespondAsync(HttpRequestData request, HttpStatusCode status, object body)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(OrchestrationJson.Serialize(body));
        return response;
    }

    public static Task<HttpResponseData> RespondAsync(HttpRequestData request, MessageSettlement settlement)
    {
        var (status, body) = Reply(settlement);
        return RespondAsync(request, status, body);
    }

    /// <summary>The HTTP reading of a settlement: taken (202), bad input (400), refused by the workflows (422), retry (503).</summary>
    public static (HttpStatusCode Status, HttpReply Body) Reply(MessageSettlement settlement) => settlement switch
    {
        MessageSettlement.DeadLetter { Reason: CaseEventMessageHandler.RejectedReason } rejected =>
            (HttpStatusCode.UnprocessableEntity, new(rejected.Reason, rejected.Description)),
        MessageSettlement.DeadLetter invalid => (HttpStatusCode.BadRequest, new(invalid.Reason, invalid.Description)),
        MessageSettlement.Abandon abandon => (HttpStatusCode.ServiceUnavailable, new("TryAgain", abandon.Reason)),
        _ => (HttpStatusCode.Accepted, new("Accepted", "The case event was handed to its workflow.")),
    };
}

/// <summary>The body of every reply: a reason code a program can switch on, and a sentence for a person.</summary>
public sealed record HttpReply(string Reason, string Description);
