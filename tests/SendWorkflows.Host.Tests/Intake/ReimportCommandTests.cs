using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Host.Tests.Intake;

/// <summary>
/// <c>sendworkflows import</c> twice into the same Azure Tables (Azurite), as a council re-loads its export: the second
/// load updates the running plans and says so, plan by plan.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ReimportCommandTests(AzuriteFixture azurite) : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("reimport-").FullName;
    readonly string suffix = Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => Directory.Delete(folder, recursive: true);

    const string Header = "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,contributors,awaiting_provision";

    string Row(string plan, string setting = "Oak Primary,senco@oak.example.org,mainstream", string caseworker = "caseworker@council.example.org", string contributors = "ep", string awaiting = "false") =>
        $"R{suffix}-{plan},QX,2015-02-03,5,{setting},{caseworker},2022-06-01,2025-06-10,{contributors},{awaiting}";

    async Task<(int Exit, string Printed)> ImportAsync(string name, params string[] rows)
    {
        var caseload = Path.Combine(folder, name);
        await File.WriteAllTextAsync(caseload, string.Join('\n', [Header, .. rows]) + "\n");
        var contacts = Path.Combine(folder, "contacts.json");
        await File.WriteAllTextAsync(contacts, SampleEvents.Contacts);
        var output = new StringWriter();
        var exit = await ImportCommand.RunAsync(
        [
            "--contacts", contacts, "--caseload", caseload,
            "--Storage:Provider=AzureTables", $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Storage:HubName=reimport{suffix}",
            $"--Links:SigningKey={TestHost.SigningKey}",
        ], output);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task A_second_import_updates_the_changed_running_plans_and_names_what_it_could_not_apply_yet()
    {
        var first = await ImportAsync("v1.csv", Row("1"), Row("2"), Row("3"), Row("4"));

        var second = await ImportAsync(
            "v2.csv",
            Row("1", setting: "Birch Special,senco@birch.example.org,special"),
            Row("2", caseworker: "cw2@council.example.org"),
            Row("3", contributors: "ep;health", awaiting: "true"),
            Row("4"),
            Row("5"));

        Assert.Equal(0, first.Exit);
        Assert.Contains("caseload: 4 imported, 0 rejected (plans: 4 started, 0 updated, 0 unchanged)", first.Printed, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Contains("caseload: 5 imported, 0 rejected (plans: 1 started, 3 updated, 1 unchanged)", second.Printed, StringComparison.Ordinal);
        Assert.Contains($"  plan R{suffix}-1: setting updated", second.Printed, StringComparison.Ordinal);
        Assert.Contains($"  plan R{suffix}-2: caseworker updated", second.Printed, StringComparison.Ordinal);
        // awaiting_provision is applied by a ProvisionAwaited event since issue 15 (docs/adr/0092).
        Assert.Contains($"  plan R{suffix}-3: contributors, awaiting provision updated", second.Printed, StringComparison.Ordinal);
        Assert.DoesNotContain($"plan R{suffix}-4:", second.Printed, StringComparison.Ordinal);
        Assert.DoesNotContain("birch", second.Printed, StringComparison.Ordinal);
    }
}
