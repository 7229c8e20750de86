using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.CaseEvents;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// The link in a professional's request e-mail. Anonymous, because the professional has no account: the link's
/// signature is the authorisation, checked by the shared <see cref="IProfessionalResponseLinks"/>.
/// </summary>
public sealed class ProfessionalResponseFunction(
    IProfessionalResponseLinks links, ICaseEventDispatcher dispatcher, TimeProvider clock)
{
    [Function("ProfessionalResponse")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "respond/{caseId}/{token}")] HttpRequestData request,
        string caseId,
        string token,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        var caseEvent = await links.ReadAsync(caseId, token, clock.GetUtcNow(), cancellationToken);
        if (caseEvent is null)
        {
            return await HttpJson.RespondAsync(request, HttpStatusCode.BadRequest,
                new HttpReply("InvalidLink", "This link is not valid, was already used or has expired; please reply to the e-mail instead."));
        }

        var delivery = await dispatcher.DispatchAsync(caseEvent, durableClient, cancellationToken);
        return delivery is CaseEventDelivery.Rejected rejected
            ? await HttpJson.RespondAsync(request, HttpStatusCode.Conflict, new HttpReply("AlreadyClosed", rejected.Reason))
            : await HttpJson.RespondAsync(request, HttpStatusCode.OK, new HttpReply("Recorded", "Thank you: your response is recorded."));
    }
}
