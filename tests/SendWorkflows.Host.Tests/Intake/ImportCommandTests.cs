using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Intake;

/// <summary><c>sendworkflows import</c>, run as the command line runs it (in-memory storage).</summary>
public sealed class ImportCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("import-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Import_loads_good_rows_prints_every_rejected_row_and_exits_1()
    {
        var output = new StringWriter();

        var exit = await ImportCommand.RunAsync(
        [
            "--contacts", Write("contacts.json", SampleEvents.Contacts),
            "--caseload", Write("caseload.csv", SampleEvents.Caseload),
            "--Storage:Provider=InMemory", $"--Links:SigningKey={TestHost.SigningKey}",
        ], output);

        var printed = output.ToString();
        Assert.Equal(1, exit);
        Assert.Contains("contacts: 2 imported, 0 rejected", printed, StringComparison.Ordinal);
        Assert.Contains("caseload: 1 imported, 2 rejected (plans: 1 started, 0 updated, 0 unchanged)", printed, StringComparison.Ordinal);
        Assert.Contains("line 3 [year_group]", printed, StringComparison.Ordinal);
        Assert.Contains("line 4 [setting_email]", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new object[] { new string[0] })]
    [InlineData(new object[] { new[] { "--caseload", "/nonexistent/caseload.csv" } })]
    [InlineData(new object[] { new[] { "--caseload" } })]
    public async Task Bad_usage_exits_2(string[] args) =>
        Assert.Equal(2, await ImportCommand.RunAsync(args, new StringWriter()));
}
