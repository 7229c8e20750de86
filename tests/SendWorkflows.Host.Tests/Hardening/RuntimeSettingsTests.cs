using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Runtime;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>How much the host's runtime does at once is a setting (issue 18), checked when the host is built.</summary>
public sealed class RuntimeSettingsTests
{
    static string[] Args(params string[] extra) =>
    [
        "--Urls=http://127.0.0.1:0", "--Storage:Provider=InMemory", "--Intake:Queue:Enabled=false", "--Hosting:RequireHttps=false",
        "--environment=Development", $"--Auth:ApiKey={TestHost.ApiKey}", $"--Auth:StaffPassword={TestHost.StaffPassword}",
        $"--Links:SigningKey={TestHost.SigningKey}", .. extra,
    ];

    [Fact]
    public async Task The_runtime_processes_as_many_instances_and_activities_at_once_as_the_settings_say()
    {
        await using var app = SendWorkflowsApp.Build(Args("--Runtime:InstanceConcurrency=32", "--Runtime:ActivityConcurrency=64"));

        var options = app.Services.GetRequiredService<EmbeddedDurableRuntime>().Options;

        Assert.Equal((32, 64), (options.InstanceConcurrency, options.ActivityConcurrency));
    }

    [Fact]
    public async Task Without_the_settings_the_runtime_keeps_its_defaults()
    {
        await using var app = SendWorkflowsApp.Build(Args());
        var defaults = new EmbeddedRuntimeOptions();

        var options = app.Services.GetRequiredService<EmbeddedDurableRuntime>().Options;

        Assert.Equal((defaults.InstanceConcurrency, defaults.ActivityConcurrency), (options.InstanceConcurrency, options.ActivityConcurrency));
    }

    [Theory]
    [InlineData("InstanceConcurrency", "0")]
    [InlineData("ActivityConcurrency", "5000")]
    public void A_value_out_of_range_stops_the_host_naming_the_setting(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SendWorkflowsApp.Build(Args($"--Runtime:{name}={value}")));

        Assert.Equal($"Runtime:{name} must be a whole number from 1 to 1024; it is {value}.", error.Message);
    }
}
