using Microsoft.Extensions.Options;
using SendWorkflows.Contract;
using SendWorkflows.Host.Intake;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// Fills an empty demo with a generated, fictional caseload (initials only, .example addresses): the contacts, the
/// opening cases (<see cref="DemoOpening"/>: a request, a reminder and an escalation in the first minute), the plans
/// (their review workflows start at once, with a small backlog), then feeds the generated events as the case clock
/// reaches each event's date.
/// </summary>
public sealed class DemoLoader(
    IOptions<DemoOptions> options,
    IContactsDirectoryStore contacts,
    IWorkflowEventDispatcher workflows,
    CaseEventIntake intake,
    TimeProvider clock,
    RuntimeReadiness runtime,
    ILogger<DemoLoader> logger) : BackgroundService
{
    const string DemoSource = "demo";

    public static int AcademicYearOf(DateOnly date) => date.Month >= 9 ? date.Year : date.Year - 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runtime.Ready.WaitAsync(stoppingToken);
        var settings = options.Value;
        var year = settings.AcademicYear ?? AcademicYearOf(settings.StartOn ?? DateOnly.FromDateTime(DateTime.UtcNow));
        var generated = new CaseloadGenerator(settings.Seed).Generate(year, settings.Plans, settings.Requests, settings.ReviewEvents);
        var startOn = settings.StartOn ?? generated.LoadedOn;
        var caseload = DemoOpening.WithSmallBacklog(generated, startOn, settings.OverdueOnArrival);

        if (!await contacts.ExistsAsync(stoppingToken))
        {
            await contacts.SaveAsync(caseload.Contacts, stoppingToken);
        }

        // First the opening cases, so the first minute shows a request, a reminder and an escalation (DemoOpening).
        foreach (var opening in DemoOpening.Events(caseload, startOn))
        {
            await intake.SubmitAsync(opening, DemoSource, stoppingToken);
        }

        // Every start, not only the first: starting a plan that already runs is a no-op, and an interrupted first
        // load is completed this way.
        var started = 0;
        foreach (var plan in caseload.Plans)
        {
            started += (await workflows.StartPlanAsync(plan, stoppingToken)).Applied ? 1 : 0;
        }

        logger.LogInformation("Demo caseload: {Contacts} contacts, {Started} of {Plans} plan workflows running ({LeftOut} plans overdue on arrival left out)",
            caseload.Contacts.Contacts.Count, started, caseload.Plans.Count, generated.Plans.Count - caseload.Plans.Count);

        var next = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            var today = UkDate.Today(clock);
            for (; next < caseload.Events.Count && caseload.Events[next].On <= today; next++)
            {
                await intake.SubmitAsync(caseload.Events[next], DemoSource, stoppingToken);
            }
        }
        while (next < caseload.Events.Count && await timer.WaitForNextTickAsync(stoppingToken));

        logger.LogInformation("Demo events all delivered ({Count})", caseload.Events.Count);
    }
}
