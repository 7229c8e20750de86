using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
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
}

/// <summary>The body of every reply: a reason code a program can switch on, and a sentence for a person.</summary>
public sealed record HttpReply(string Reason, string Description);
