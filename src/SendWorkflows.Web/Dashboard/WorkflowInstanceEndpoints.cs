using Microsoft.DurableTask.Client;
using SendWorkflows.Web.Security;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// GET /api/instances/{instanceId} (API key): a workflow instance's state, for support scripts. Was the Functions
/// app's own GetWorkflowInstance; both hosts now serve it from here.
/// </summary>
public static class WorkflowInstanceEndpoints
{
    public static void MapWorkflowInstances(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/instances/{instanceId}", GetAsync)
            .RequireAuthorization(StaffAuthentication.ApiPolicy).RequireRateLimiting(RequestLimits.ApiPolicy);

    static async Task<IResult> GetAsync(string instanceId, DurableTaskClient workflows, CancellationToken cancellationToken)
    {
        var instance = await workflows.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        return instance is null
            ? Results.Problem($"No workflow instance has the id '{instanceId}'.", statusCode: StatusCodes.Status404NotFound, title: "No such instance")
            : Results.Ok(new
            {
                instance.Name,
                instance.InstanceId,
                RuntimeStatus = instance.RuntimeStatus.ToString(),
                instance.CreatedAt,
                instance.LastUpdatedAt,
                CustomStatus = instance.SerializedCustomStatus,
            });
    }
}
