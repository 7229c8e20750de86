using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendWorkflows.Web.Dashboard;
using SendWorkflows.Web.Links;
using SendWorkflows.Web.Security;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Intake;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Web.Pages;

/// <summary>
/// The web features, one entry point for both hosts (ADR 0080): <c>sendworkflows serve</c> calls these on its
/// WebApplication; the Functions app calls the same three to build <see cref="WebRequestPipeline"/>, into which its
/// HTTP triggers hand their requests. The hosts add storage (the stores behind the ports) and the workflows' client.
/// </summary>
public static class SendWorkflowsWeb
{
    /// <summary>
    /// Links, intake, dashboard reads, sign-in (local, Entra ID or App Service authentication by <c>Auth:Mode</c>),
    /// the staff and admin policies, request limits and data protection.
    /// </summary>
    public static IServiceCollection AddSendWorkflowsWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ResponseLinkOptions>(configuration.GetSection(ResponseLinkOptions.Section));
        services.AddLinkSigningKeyFromKeyVault(configuration);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddRouting();

        services.TryAddSingleton<IWorkflowEventDispatcher, WorkflowsDispatcher>();
        services.TryAddSingleton<ResponseLinkSigner>();
        services.TryAddSingleton<SignedResponseLinks>();
        services.TryAddSingleton<CaseEventIntake>();
        services.TryAddSingleton<ICaseEventSink>(sp => sp.GetRequiredService<CaseEventIntake>());
        services.TryAddSingleton<CaseloadImport>();
        services.TryAddSingleton<DashboardQueries>();
        services.TryAddSingleton<Workflows.Operations.FailedWorkflows>();
        // Both hosts' rejected-events stores are also the administrator's list of items to correct (ADR 0110).
        services.TryAddSingleton<Workflows.IRejectedItems>(sp => sp.GetRequiredService<Workflows.IRejectedEventStore>() as Workflows.IRejectedItems
            ?? throw new InvalidOperationException("The rejected-events store does not list its items for correction (IRejectedItems)."));
        services.TryAddSingleton<RejectedItemCorrection>();

        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "sendworkflows.form");
        services.AddStaffAuthentication(configuration);
        services.AddHostSecurity(configuration);
        return services;
    }

    /// <summary>The middleware every request passes, in order: transport hygiene and assets, then sign-in and limits.</summary>
    public static IApplicationBuilder UseSendWorkflowsWeb(this IApplicationBuilder app)
    {
        app.UseHostSecurity();
        app.UseStatusCodePages(Forbidden.WriteAsync);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Every page, API route and link, each with its policy (staff, admin, API key or anonymous).</summary>
    public static IEndpointRouteBuilder MapSendWorkflowsWeb(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        app.MapHealth();
        app.MapResponseLinks();
        app.MapFamilySurvey();
        app.MapIntakeApi();
        if (StaffAuthentication.IsEasyAuth(configuration))
        {
            app.MapEasyAuthSignOut();
        }
        else if (!StaffAuthentication.IsEntraId(configuration))
        {
            app.MapStaffSignIn();
        }

        app.MapDashboard();
        app.MapImports();
        app.MapImportUpload();
        app.MapRejectedItems();
        app.MapReportingApi();
        app.MapFailedWorkflows();
        app.MapWorkflowVersions();
        app.MapWorkflowInstances();
        app.MapGet("/", () => Results.Redirect("/dashboard")).AllowAnonymous();
        return app;
    }
}
