using Microsoft.AspNetCore.Http.Features;

namespace SendWorkflows.Web.Pages;

/// <summary>
/// The web features as one request handler, for a host that does not own the ASP.NET Core pipeline: the Functions
/// app's HTTP triggers hand their request here (ADR 0080). It runs exactly what <c>serve</c> runs, the same middleware
/// (<see cref="SendWorkflowsWeb.UseSendWorkflowsWeb"/>) and the same endpoints with their policies
/// (<see cref="SendWorkflowsWeb.MapSendWorkflowsWeb"/>), routed again by their own route table.
/// </summary>
public sealed class WebRequestPipeline
{
    readonly RequestDelegate pipeline;

    public WebRequestPipeline(IServiceProvider services, IConfiguration configuration)
    {
        var app = new ApplicationBuilder(services);
        app.UseRouting();
        app.UseSendWorkflowsWeb();
        app.UseEndpoints(endpoints => endpoints.MapSendWorkflowsWeb(configuration));
        pipeline = app.Build();
    }

    public Task HandleAsync(HttpContext context)
    {
        // The outer host already matched the request to its trigger: forget that match so the web features route it.
        context.SetEndpoint(null);
        context.Features.Get<IRouteValuesFeature>()?.RouteValues.Clear();
        return pipeline(context);
    }
}
