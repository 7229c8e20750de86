namespace SendWorkflows.Web.Pages;

/// <summary>/health: liveness for load balancers and run-local. Anonymous and data-free by design.</summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
}
