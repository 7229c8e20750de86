using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace SendWorkflows.Infrastructure.Tests;

/// <summary>
/// Compiles infra/ with the Bicep CLI from NuGet, so a broken template or parameter file fails CI, and checks the
/// compiled ARM template for what the app depends on (session queue, identity-only storage, least-privilege roles).
/// </summary>
public sealed class BicepTemplateTests(CompiledMainTemplate compiled) : IClassFixture<CompiledMainTemplate>
{
    static readonly string InfraDirectory = Metadata("InfraDirectory");
    static readonly string MainTemplate = Path.Combine(InfraDirectory, "main.bicep");

    [Fact]
    public void Main_template_builds_without_errors()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Describe());
        Assert.Contains("\"$schema\"", compiled.Build.StandardOutput);
    }

    [Fact]
    public void Main_template_passes_lint_with_no_errors_or_warnings()
    {
        var result = Bicep("lint", MainTemplate);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.True(result.StandardError.Trim().Length == 0, result.Describe());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Environment_parameter_file_builds_against_the_template(string environment)
    {
        var result = Bicep("build-params", Path.Combine(InfraDirectory, "parameters", $"{environment}.bicepparam"), "--stdout");

        Assert.True(result.ExitCode == 0, result.Describe());
        var parameters = JsonNode.Parse(JsonNode.Parse(result.StandardOutput)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        Assert.Equal(environment, parameters["environmentName"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Case_events_queue_is_session_enabled_with_duplicate_detection()
    {
        var template = compiled.Template;
        var queue = Resources(template).Single(r => Type(r) == "Microsoft.ServiceBus/namespaces/queues");

        Assert.Equal("case-events", template["variables"]!["caseEventsQueueName"]!.GetValue<string>());
        Assert.Contains("variables('caseEventsQueueName')", queue["name"]!.GetValue<string>());
        Assert.True(queue["properties"]!["requiresSession"]!.GetValue<bool>());
        Assert.True(queue["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());
    }

    [Fact]
    public void Identity_gets_only_the_data_plane_roles_the_app_uses()
    {
        var template = compiled.Template;
        var roleIds = template["variables"]!["roles"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var assigned = Resources(template)
            .Where(r => Type(r) == "Microsoft.Authorization/roleAssignments")
            .Select(r => r["properties"]!["roleDefinitionId"]!.GetValue<string>())
            .ToList();

        Assert.Equal(
            ["keyVaultSecretsUser", "serviceBusDataReceiver", "serviceBusDataSender", "storageBlobDataContributor",
                "storageQueueDataContributor", "storageTableDataContributor"],
            roleIds.Keys.Order());
        Assert.All(roleIds.Keys, role => Assert.Contains(assigned, json => json.Contains($"variables('roles').{role}", StringComparison.Ordinal)));
        Assert.DoesNotContain(assigned, json => json.Contains("b24988ac-6180-42a0-ab88-20f7382dd24c", StringComparison.Ordinal)); // Contributor
        Assert.DoesNotContain(assigned, json => json.Contains("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", StringComparison.Ordinal)); // Owner
    }

    [Fact]
    public void Function_app_uses_identity_connections_and_a_key_vault_reference_for_sendgrid()
    {
        var template = compiled.Template;
        var app = Resources(template).Single(r => Type(r) == "Microsoft.Web/sites");
        var settings = app["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());

        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Contains("ServiceBusConnection__fullyQualifiedNamespace", settings.Keys);
        Assert.Contains("Storage__TableServiceUri", settings.Keys);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["Email__SendGrid__ApiKey"], StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey=", template.ToJsonString(), StringComparison.Ordinal);
        var storage = Resources(template).Single(r => Type(r) == "Microsoft.Storage/storageAccounts");
        Assert.False(storage["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void The_data_protection_key_encryption_key_is_a_secret_of_the_apps_key_vault_named_for_the_staff_host()
    {
        var template = compiled.Template;
        var output = template["outputs"]!["dataProtectionKeySecretUri"]!["value"]!.GetValue<string>();

        Assert.Contains("vaultUri", output, StringComparison.Ordinal);
        Assert.Contains("secrets/", output, StringComparison.Ordinal);
        Assert.Equal("DataProtectionKeyEncryptionKey", template["variables"]!["dataProtectionKeySecretName"]!.GetValue<string>());
    }

    // Bicep 0.49 emits languageVersion 2.0 (resources keyed by symbolic name) for some templates and 1.0 (an array)
    // for others; accept both.
    static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.Select(r => r!.AsObject()),
        JsonObject keyed => keyed.Select(p => p.Value!.AsObject()),
        _ => throw new InvalidOperationException("The compiled template has no resources."),
    };

    static string Type(JsonObject resource) => resource["type"]!.GetValue<string>();

    internal static BicepResult Bicep(params string[] arguments)
    {
        var start = new ProcessStartInfo(Metadata("BicepPath").Replace('\\', '/'))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = InfraDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Bicep CLI.");
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new BicepResult(process.ExitCode, standardOutput, standardError.Result);
    }

    static string Metadata(string key) =>
        typeof(BicepTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing: see the test project's csproj.");

    internal static string MainTemplatePath => MainTemplate;
}

internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() => $"bicep exited {ExitCode}:\n{StandardError}";
}

/// <summary>The Bicep CLI takes seconds to start, so the template is compiled once for all the checks on it.</summary>
public sealed class CompiledMainTemplate
{
    internal BicepResult Build { get; } = BicepTemplateTests.Bicep("build", BicepTemplateTests.MainTemplatePath, "--stdout");

    internal JsonObject Template => Build.ExitCode == 0
        ? JsonNode.Parse(Build.StandardOutput)!.AsObject()
        : throw new InvalidOperationException(Build.Describe());
}
