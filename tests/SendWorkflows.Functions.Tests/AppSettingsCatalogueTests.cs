using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SendWorkflows.Functions.Tests;

/// <summary>
/// The settings the app reads and the app settings infra/main.bicep declares are the same list, both ways (ADR 0087):
/// <see cref="AppSettings"/> is that list; every key the composed app actually reads (recorded by a configuration
/// provider while every service and options object is built), every %setting% of host.json and the triggers and
/// every trigger connection must be in it; and Bicep must declare exactly its Bicep entries.
/// </summary>
public sealed partial class AppSettingsCatalogueTests
{
    /// <summary>Read by the Functions host or its extensions, not by the app's code: the identity-connection convention and telemetry.</summary>
    static readonly string[] ReadByTheFunctionsHost =
    [
        "AzureWebJobsStorage", "AzureWebJobsStorage:accountName", "AzureWebJobsStorage:credential",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "ServiceBusConnection:credential",
        "WEBSITE_AUTH_ENABLED", // read per request, by the Easy Auth handler
    ];

    /// <summary>Azure as Bicep sets it (values made up): SendGrid, identities, endpoints.</summary>
    static readonly Dictionary<string, string?> Azure = new()
    {
        ["Email:Provider"] = "SendGrid",
        ["Email:FromAddress"] = "send@council.example",
        ["Email:SendGrid:ApiKey"] = "from-key-vault",
        ["Storage:TableServiceUri"] = "https://st.table.core.windows.net/",
        ["Storage:BlobServiceUri"] = "https://st.blob.core.windows.net/",
        ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        ["ServiceBusConnection:fullyQualifiedNamespace"] = "sb.servicebus.windows.net",
        ["Auth:Mode"] = "EasyAuth",
        ["Auth:EasyAuth:TenantId"] = "11111111-1111-1111-1111-111111111111",
        ["Auth:EasyAuth:ClientId"] = "22222222-2222-2222-2222-222222222222",
        ["DataProtection:KeyVaultSecretUri"] = "https://kv.vault.azure.net/secrets/DataProtectionKeyEncryptionKey",
        ["DataProtection:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        // Links:SigningKeySecretUri would read the vault while options are built: the key itself stands in (the URI is still read).
        ["Links:SigningKey"] = "a-made-up-signing-key-of-at-least-32-characters",
    };

    /// <summary>Local: connection strings and MailDev.</summary>
    static readonly Dictionary<string, string?> Local = new()
    {
        ["Email:Provider"] = "Smtp",
        ["Email:FromAddress"] = "send@council.example",
        ["Email:Smtp:MailDevApiUrl"] = "http://127.0.0.1:1080/",
        ["ConnectionStrings:Storage"] = "UseDevelopmentStorage=true",
        ["Links:SigningKey"] = "a-made-up-signing-key-of-at-least-32-characters",
    };

    /// <summary>GOV.UK Notify instead of SendGrid.</summary>
    static readonly Dictionary<string, string?> Notify = new()
    {
        ["Email:Provider"] = "Notify",
        ["Email:FromAddress"] = "send@council.example",
        ["Email:Notify:ApiKey"] = "sendworkflows_test-7b7c3b5e-8a8e-4a4f-9d43-2f1c0c8e9a11-0d3f2c1b-4e5a-4b6c-8d7e-9f0a1b2c3d4e", // a made-up key of the right shape
        ["Email:Notify:TemplateId"] = "00000000-0000-0000-0000-000000000002",
        ["ConnectionStrings:Storage"] = "UseDevelopmentStorage=true",
        ["Links:SigningKey"] = "a-made-up-signing-key-of-at-least-32-characters",
    };

    [Fact]
    public void Bicep_declares_exactly_the_catalogues_Bicep_settings()
    {
        var declared = BicepAppSettings();

        Assert.Empty(AppSettings.DeclaredInBicep.Except(declared)); // read by the app, missing from Bicep
        Assert.Empty(declared.Except(AppSettings.DeclaredInBicep)); // declared in Bicep, not a setting of the app
    }

    [Fact]
    public async Task Every_key_the_composed_app_reads_is_in_the_catalogue()
    {
        var read = (await KeysReadAsync(Azure)).Concat(await KeysReadAsync(Local)).Concat(await KeysReadAsync(Notify)).Distinct().ToList();

        Assert.Contains("Email:Provider", read); // the recorder sees bound options, not only direct reads
        Assert.Contains("Storage:BlobServiceUri", read);
        // A section read ("Email") is the binder looking for the keys under it, which are listed themselves.
        var settings = read.Where(key => !AppSettings.All.Any(s => s.Name.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)));
        Assert.All(settings, key => Assert.True(AppSettings.All.Any(s => s.Covers(key)), $"the app reads '{key}', which is not in AppSettings.All"));
    }

    [Fact]
    public void Every_setting_named_by_host_json_and_the_triggers_is_in_the_catalogue()
    {
        var named = HostAndTriggerSettings();

        Assert.Contains("DurableTaskHubName", named);
        Assert.Contains("AzureWebJobsStorage", named);
        Assert.All(named, name => Assert.True(AppSettings.All.Any(s => s.Covers(name)), $"'{name}' is not in AppSettings.All"));
    }

    [Fact]
    public async Task Every_catalogue_setting_is_read_by_the_app_or_its_host()
    {
        var read = (await KeysReadAsync(Azure)).Concat(await KeysReadAsync(Local)).Concat(await KeysReadAsync(Notify)).Concat(HostAndTriggerSettings()).Concat(ReadByTheFunctionsHost).ToList();

        Assert.All(AppSettings.All, setting => Assert.True(read.Any(setting.Covers), $"nothing reads '{setting.Name}': remove it from AppSettings.All (and Bicep)"));
    }

    static async Task<IReadOnlyCollection<string>> KeysReadAsync(Dictionary<string, string?> values)
    {
        var recorder = new RecordingSource(values);
        var configuration = new ConfigurationBuilder().Add(recorder).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton<IConfiguration>(configuration);
        // What FunctionsApp.Build composes (its worker integration reads only the Functions host's own variables).
        collection.AddFunctionsShell(configuration, registry => ShellWorkflows.Register(registry));
        collection.AddFunctionsWeb(configuration);
        await using var services = collection.BuildServiceProvider();
        // Services that take the Durable client get the one a function offers (the web triggers do); a stand-in here.
        services.GetRequiredService<CaseEvents.DurableClientHolder>().Offer(FakeItEasy.A.Fake<Microsoft.DurableTask.Client.DurableTaskClient>());
        foreach (var descriptor in collection.Where(d => !d.ServiceType.ContainsGenericParameters))
        {
            try
            {
                _ = services.GetServices(descriptor.ServiceType).ToList();
                if (descriptor.ServiceType.IsGenericType && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
                {
                    var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(descriptor.ServiceType.GetGenericArguments()));
                    _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
                }
            }
            catch (InvalidOperationException)
            {
                // ASP.NET Core's own middleware needs the web host the worker integration adds; the app's settings are read before that.
            }
        }

        return recorder.Provider!.Read;
    }

    static List<string> HostAndTriggerSettings()
    {
        var attributes = typeof(FunctionsShellServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters())
            .SelectMany(p => p.GetCustomAttributes())
            .ToList();
        var texts = attributes.SelectMany(a => a.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => p.GetValue(a) as string)).OfType<string>();
        var percent = PercentSetting().Matches(File.ReadAllText("host.json")).Concat(texts.SelectMany(t => PercentSetting().Matches(t))).Select(m => m.Groups[1].Value);
        var connections = attributes.Select(a => a.GetType().GetProperty("Connection")?.GetValue(a)).OfType<string>();
        return [.. percent.Concat(connections).Distinct()];
    }

    static HashSet<string> BicepAppSettings()
    {
        var bicep = Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        var infra = Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "InfraDirectory").Value!;
        var start = new ProcessStartInfo(bicep.Replace('\\', '/'), ["build", Path.Combine(infra, "main.bicep"), "--stdout"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var template = JsonNode.Parse(process.StandardOutput.ReadToEnd())!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors.Result);
        var resources = template["resources"] is JsonObject keyed ? keyed.Select(p => p.Value!) : template["resources"]!.AsArray().Select(r => r!);
        var site = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites");
        return [.. site["properties"]!["siteConfig"]!["appSettings"]!.AsArray().Select(s => s!["name"]!.GetValue<string>())];
    }

    [GeneratedRegex("%([A-Za-z0-9_:]+)%")]
    private static partial Regex PercentSetting();

    /// <summary>An in-memory configuration that remembers every key asked for.</summary>
    sealed class RecordingSource(Dictionary<string, string?> values) : IConfigurationSource
    {
        public RecordingProvider? Provider { get; private set; }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider = new RecordingProvider(values);
    }

    sealed class RecordingProvider : ConfigurationProvider
    {
        public RecordingProvider(Dictionary<string, string?> values)
        {
            foreach (var (key, value) in values)
            {
                Data[key] = value;
            }
        }

        public HashSet<string> Read { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            lock (Read)
            {
                Read.Add(key);
            }

            return base.TryGet(key, out value);
        }
    }
}
