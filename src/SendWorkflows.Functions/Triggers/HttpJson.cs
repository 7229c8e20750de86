using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Triggers;

/// <summary>JSON responses in the same shape as everything else the engine writes.</summary>
static class HttpJson
{
    public static async Task<HttpResponseData> RespondAsync(HttpRequestData request, HttpStatusCode status, object body)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(OrchestrationJson.Serialize(body));
        return response;
    }

    /// <summary>The HTTP reading of a settlement: taken (202), bad input (400), refused by the workflows (422), retry (503).</summary>
    public static Task<HttpResponseData> RespondAsync(HttpRequestData request, MessageSettlement settlement) => settlement switch
    {
        MessageSettlement.DeadLetter { Reason: CaseEventMessageHandler.RejectedReason } rejected =>
            RespondAsync(request, HttpStatusCode.UnprocessableEntity, new { rejected.Reason, rejected.Description }),
        MessageSettlement.DeadLetter invalid =>
            RespondAsync(request, HttpStatusCode.BadRequest, new { invalid.Reason, invalid.Description }),
        MessageSettlement.Abandon abandon =>
            RespondAsync(request, HttpStatusCode.ServiceUnavailable, new { Reason = "TryAgain", Description = abandon.Reason }),
        _ => RespondAsync(request, HttpStatusCode.Accepted, new { Status = "Accepted" }),
    };
}
