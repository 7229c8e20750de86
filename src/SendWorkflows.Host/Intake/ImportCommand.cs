using System.CommandLine;
using SendWorkflows.Host.Cli;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Host.Intake;

/// <summary>
/// <c>sendworkflows import --caseload FILE --contacts FILE</c>: loads the contract's files into the configured storage
/// and prints every rejected row, how many plans started, were updated or unchanged, and each running plan's changes.
/// Exit code 0 when everything loaded, 1 when some rows were rejected, 2 on bad usage.
/// Settings (storage and so on) are given as for serve: --Section:Key=value.
/// </summary>
public static class ImportCommand
{
    /// <summary>Runs <c>import</c> with these arguments, as the command line would.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? errors = null) =>
        SendWorkflowsCli.RunAsync(["import", .. args], output ?? Console.Out, errors ?? Console.Error);

    public static Command Command(TextWriter output, TextWriter errors)
    {
        var caseload = new Option<string?>("--caseload") { Description = "The caseload CSV (contract section 1).", HelpName = "FILE" };
        var contacts = new Option<string?>("--contacts") { Description = "The contacts directory JSON (contract section 3); loaded first.", HelpName = "FILE" };
        var command = new Command("import", "Load a contacts directory and/or a caseload into the configured storage, printing every rejected row.")
        {
            caseload, contacts,
        };
        command.TreatUnmatchedTokensAsErrors = false; // --Section:Key=value settings, checked by SendWorkflowsCli
        command.Validators.Add(result =>
        {
            var files = new[] { result.ValueOrDefault(caseload), result.ValueOrDefault(contacts) }.OfType<string>().ToList();
            if (files.Count == 0)
                result.AddError("give --caseload FILE, --contacts FILE or both");
            foreach (var missing in files.Where(file => !File.Exists(file)))
                result.AddError($"file not found: {missing}");
        });
        command.SetAction(parsed => ExecuteAsync(parsed.GetValue(caseload), parsed.GetValue(contacts), SendWorkflowsCli.Settings(parsed), output));
        return command;
    }

    static async Task<int> ExecuteAsync(string? caseload, string? contacts, string[] settings, TextWriter output)
    {
        await using var app = SendWorkflowsApp.Build(settings);
        await RuntimeHosting.PrepareStoreAsync(app.Services, CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<CaseloadImport>();
        var reports = new List<ImportReport>();
        if (contacts is not null)
        {
            reports.Add(await import.ImportContactsAsync(await File.ReadAllBytesAsync(contacts)));
        }

        if (caseload is not null)
        {
            reports.Add(await import.ImportCaseloadAsync(await File.ReadAllBytesAsync(caseload)));
        }

        foreach (var report in reports)
        {
            var plans = report.Plans is { } p ? $" (plans: {p.Started} started, {p.Updated} updated, {p.Unchanged} unchanged)" : "";
            await output.WriteLineAsync($"{report.What}: {report.Imported} imported, {report.Rejected.Count} rejected{plans}");
            foreach (var change in report.Changes ?? [])
            {
                await output.WriteLineAsync(ChangeLine(change));
            }

            foreach (var problem in report.Rejected)
            {
                var where = problem.Line is { } line ? $"line {line}" : $"plan {problem.PlanId}";
                await output.WriteLineAsync($"  {where}{(problem.Field is null ? "" : $" [{problem.Field}]")}: {problem.Reason}");
            }
        }

        return reports.All(r => r.Succeeded) ? 0 : 1;
    }

    /// <summary>"  plan P-1: setting, caseworker updated; contributors not yet applied (no event for it yet)".</summary>
    static string ChangeLine(PlanChange change)
    {
        var parts = new List<string>();
        if (change.Applied.Count > 0)
        {
            parts.Add($"{string.Join(", ", change.Applied)} updated");
        }

        if (change.NotYetApplied.Count > 0)
        {
            parts.Add($"{string.Join(", ", change.NotYetApplied)} differ{(change.NotYetApplied.Count == 1 ? "s" : "")} but {(change.NotYetApplied.Count == 1 ? "is" : "are")} not yet applied (no event for it yet)");
        }

        return $"  plan {change.PlanId}: {string.Join("; ", parts)}";
    }
}
