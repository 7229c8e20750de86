using SendWorkflows.Host.Hosting;

namespace SendWorkflows.Host.Intake;

/// <summary>
/// <c>sendworkflows import --caseload FILE --contacts FILE</c>: loads the contract's files into the configured storage
/// and prints every rejected row. Exit code 0 when everything loaded, 1 when some rows were rejected, 2 on bad usage.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var (caseload, contacts, settings, error) = Parse(args);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync($"import: {error}\nusage: sendworkflows import --caseload FILE --contacts FILE");
            return 2;
        }

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
            await output.WriteLineAsync($"{report.What}: {report.Imported} imported, {report.Rejected.Count} rejected");
            foreach (var problem in report.Rejected)
            {
                var where = problem.Line is { } line ? $"line {line}" : $"plan {problem.PlanId}";
                await output.WriteLineAsync($"  {where}{(problem.Field is null ? "" : $" [{problem.Field}]")}: {problem.Reason}");
            }
        }

        return reports.All(r => r.Succeeded) ? 0 : 1;
    }

    static (string? Caseload, string? Contacts, string[] Settings, string? Error) Parse(string[] args)
    {
        string? caseload = null, contacts = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--caseload" when i + 1 < args.Length: caseload = args[++i]; break;
                case "--contacts" when i + 1 < args.Length: contacts = args[++i]; break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('='): settings.Add(setting); break;
                default: return (null, null, [], $"unexpected argument '{args[i]}'");
            }
        }

        if (caseload is null && contacts is null)
        {
            return (null, null, [], "give --caseload FILE, --contacts FILE or both");
        }

        foreach (var file in new[] { caseload, contacts }.OfType<string>())
        {
            if (!File.Exists(file))
            {
                return (null, null, [], $"file not found: {file}");
            }
        }

        return (caseload, contacts, [.. settings], null);
    }
}
