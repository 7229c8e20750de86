using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// Everything <c>sendworkflows serve</c> answers on the web, answered here by the same code (ADR 0080): each trigger
/// offers its Durable client and hands the request to <see cref="WebRequestPipeline"/>, which applies the same
/// middleware, routes and policies as the local host. The triggers are anonymous to the Functions host because the
/// web features decide: staff pages need an App Service (Entra ID) sign-in with the staff or admin role, /api the
/// X-Api-Key header, and response links are anonymous and signed. Routes never overlap (the Functions host does not
/// rank routes by precedence); all of /dashboard, /api, /respond, /survey and /assets belong to the web features.
/// </summary>
public sealed class WebFunctions(WebRequestPipeline web, DurableClientHolder durableClients)
{
    /// <summary>Dashboard and register pages, case pages, failed workflows and versions (staff).</summary>
    [Function("Dashboard")]
    public Task<IActionResult> DashboardAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>The dashboard's forms (admin: restart a failed workflow and the other corrections).</summary>
    [Function("DashboardAdmin")]
    public Task<IActionResult> DashboardAdminAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dashboard/{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>The JSON API's reads behind the API key: KPIs, register, rejected events, instances.</summary>
    [Function("StaffApi")]
    public Task<IActionResult> StaffApiAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>Case events (contract section 2), one or an array, behind the API key.</summary>
    [Function("IntakeEvents")]
    public Task<IActionResult> IntakeEventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>The caseload CSV (contract section 1), behind the API key.</summary>
    [Function("IntakeCaseload")]
    public Task<IActionResult> IntakeCaseloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/caseload")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>The contacts directory JSON (contract section 3), behind the API key.</summary>
    [Function("IntakeContacts")]
    public Task<IActionResult> IntakeContactsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/contacts")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>The page a request e-mail's signed link opens (anonymous).</summary>
    [Function("ResponseLinkPage")]
    public Task<IActionResult> ResponseLinkPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "respond/{caseId}/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>The answer from that page, raised on the awaiting workflow (anonymous, signed, single use).</summary>
    [Function("ResponseLinkAnswer")]
    public Task<IActionResult> ResponseLinkAnswerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "respond/{caseId}/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>A family's survey pages from the signed link in their notice (anonymous, signed, single use).</summary>
    [Function("SurveyPage")]
    public Task<IActionResult> SurveyPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>Each answer of the family's survey.</summary>
    [Function("SurveyAnswer")]
    public Task<IActionResult> SurveyAnswerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "survey/{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient) => HandAsync(request, durableClient);

    /// <summary>GOV.UK Frontend and the service's stylesheet and script, embedded in the web library.</summary>
    [Function("Assets")]
    public Task<IActionResult> AssetsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{*path}")] HttpRequest request) => HandAsync(request, null);

    /// <summary>Liveness, and the dashboard's sign-out (to App Service authentication's own).</summary>
    [Function("Health")]
    public Task<IActionResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) => HandAsync(request, null);

    [Function("SignOut")]
    public Task<IActionResult> SignOutAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signout")] HttpRequest request) => HandAsync(request, null);

    async Task<IActionResult> HandAsync(HttpRequest request, DurableTaskClient? durableClient)
    {
        if (durableClient is not null)
        {
            durableClients.Offer(durableClient);
        }

        await web.HandleAsync(request.HttpContext);
        // The web features wrote the response; nothing is left for the worker to write.
        return new EmptyResult();
    }
}
