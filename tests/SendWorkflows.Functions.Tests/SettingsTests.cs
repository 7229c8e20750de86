using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace SendWorkflows.Functions.Tests;

/// <summary>local.settings.sample.json and host.json name every setting the functions read, and hold no secrets.</summary>
public sealed partial class SettingsTests
{
    static readonly JsonObject Values = JsonNode.Parse(File.ReadAllText("local.settings.sample.json"))!["Values"]!.AsObject();

    [Fact]
    public void Sample_settings_run_the_app_against_Azurite_with_the_isolated_worker()
    {
        Assert.Equal("UseDevelopmentStorage=true", Values["AzureWebJobsStorage"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", Values["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
    }

    [Fact]
    public void Every_percent_setting_in_host_json_and_trigger_attributes_is_in_the_sample()
    {
        var referenced = PercentSetting().Matches(File.ReadAllText("host.json")).Select(m => m.Groups[1].Value)
            .Concat(TriggerAttributeValues().SelectMany(v => PercentSetting().Matches(v)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.Contains("DurableTaskHubName", referenced);
        Assert.Contains("EternalWorkflowsSchedule", referenced);
        Assert.All(referenced, name => Assert.True(Values.ContainsKey(name), $"'{name}' is missing from local.settings.sample.json"));
    }

    [Fact]
    public void Every_trigger_connection_is_identity_based_and_in_the_sample()
    {
        var connections = TriggerAttributes()
            .Select(a => a.GetType().GetProperty("Connection")?.GetValue(a))
            .OfType<string>()
            .Distinct()
            .ToList();

        // The Storage queue trigger uses the host's own identity-based storage connection; the hosted Service Bus
        // intake reads the namespace from the setting the retired trigger used (ADR 0058).
        Assert.Equal(["AzureWebJobsStorage"], connections);
        Assert.True(Values.ContainsKey(FunctionsShellServices.ServiceBusNamespaceSetting.Replace(":", "__", StringComparison.Ordinal)));
        Assert.False(Values.ContainsKey("ServiceBusConnection"), "a connection string would bypass the managed identity");
    }

    [Fact]
    public void The_sendgrid_key_is_a_key_vault_reference_not_a_secret()
    {
        Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", Values["Email__SendGrid__ApiKey"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Values, v => v.Value!.GetValue<string>().Contains("AccountKey=", StringComparison.Ordinal)
            || v.Value!.GetValue<string>().StartsWith("SG.", StringComparison.Ordinal));
    }

    static IEnumerable<Attribute> TriggerAttributes() =>
        typeof(FunctionsShellServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters())
            .SelectMany(p => p.GetCustomAttributes());

    static IEnumerable<string> TriggerAttributeValues() =>
        TriggerAttributes()
            .SelectMany(a => a.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => p.GetValue(a) as string))
            .OfType<string>();

    [GeneratedRegex("%([A-Za-z0-9_:]+)%")]
    private static partial Regex PercentSetting();
}
