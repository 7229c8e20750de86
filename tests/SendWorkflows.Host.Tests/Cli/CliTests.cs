using SendWorkflows.Host.Cli;

namespace SendWorkflows.Host.Tests.Cli;

/// <summary>Issue 12, CLI: help on every command, unknown commands and options named, usage errors exit 2.</summary>
public sealed class CliTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static async Task<(int Exit, string Output, string Errors)> Run(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await SendWorkflowsCli.RunAsync(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Theory]
    [InlineData("--help", "serve")]
    [InlineData("-h", "generate-demo")]
    [InlineData("serve --help", "--Section:Key=value")]
    [InlineData("import --help", "--caseload")]
    [InlineData("simulate --help", "--events")]
    [InlineData("generate-demo --help", "--seed")]
    public async Task Every_command_has_help_without_needing_any_setting(string args, string mentions)
    {
        var (exit, output, errors) = await Run(args.Split(' '));

        Assert.Equal(0, exit);
        Assert.Contains(mentions, output, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_unknown_command_is_named()
    {
        var (exit, _, errors) = await Run("simualte", "--out", "x");

        Assert.Equal(2, exit);
        Assert.Contains("unknown command 'simualte'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_named()
    {
        var (exit, _, errors) = await Run("generate-demo", "--out", folder, "--yaer", "2026");

        Assert.Equal(2, exit);
        Assert.Contains("'--yaer'", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "caseload.csv")));
    }

    [Fact]
    public async Task A_bad_date_is_named_once_without_repeating_the_option()
    {
        var (exit, _, errors) = await Run("simulate", "--caseload", "c", "--contacts", "d", "--from", "01/09/2026", "--to", "2027-08-31", "--out", folder);

        Assert.Equal(2, exit);
        Assert.Contains("--from must be a date as yyyy-MM-dd, not '01/09/2026'", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("--from: --from", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readme_option_names_still_work()
    {
        var (exit, output, errors) = await Run("generate-demo", "--out", folder, "--year", "2026", "--seed", "3");

        Assert.True(exit == 0, errors);
        Assert.Contains("--from 2026-09-01 --to 2027-08-31", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "events.jsonl")));
    }

    [Fact]
    public async Task Simulate_exits_non_zero_when_every_caseload_row_is_rejected_and_summarises_the_rest()
    {
        var rows = string.Join("\n", Enumerable.Range(1, 8).Select(i => $"P{i},QX,not-a-date,5,Oak,senco@oak.example,mainstream,cw@council.example,2022-06-01,2026-06-10"));
        await File.WriteAllTextAsync(Path.Combine(folder, "caseload.csv"),
            "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on\n" + rows + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "contacts.json"),
            """{"contacts": {}, "senManager": "sen@council.example", "assistantDirector": "ad@council.example"}""");

        var (exit, _, errors) = await Run("simulate", "--caseload", Path.Combine(folder, "caseload.csv"), "--contacts", Path.Combine(folder, "contacts.json"),
            "--from", "2026-09-01", "--to", "2026-09-30", "--out", Path.Combine(folder, "out"));

        Assert.Equal(1, exit);
        Assert.Contains("and 3 more", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("date_of_birth: date_of_birth", errors, StringComparison.Ordinal);
    }
}
