using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Web.Hosting;

/// <summary>
/// Transport and request hygiene, in one place: forwarded headers behind a TLS proxy (<c>Hosting:ForwardedHeaders</c>),
/// HSTS and HTTPS redirection when <c>Hosting:RequireHttps</c> (on by default outside Development), the security
/// headers on every response, per-address request limits, and plain pages instead of exception details: a body too
/// large is 413, an unreadable one 400, anything else 500, never with request headers or a stack trace.
/// </summary>
public static class HostSecurity
{
    /// <summary><c>Hosting:RequireHttps</c>, by default true unless the environment is Development.</summary>
    public static bool RequiresHttps(IConfiguration configuration) =>
        configuration.GetValue("Hosting:RequireHttps",
            !string.Equals(configuration[HostDefaults.EnvironmentKey] ?? Environments.Production, Environments.Development, StringComparison.OrdinalIgnoreCase));

    public static void AddHostSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        // Keys that protect cookies and form tokens: in the storage account's table, shared by every instance; with
        // in-memory storage nothing survives a restart anyway, so neither do they (never the home folder).
        var dataProtection = services.AddDataProtection().SetApplicationName("SendWorkflows");
        if ((configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions()).InMemory)
            dataProtection.UseEphemeralDataProtectionProvider();
        else
            services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<Azure.Data.Tables.TableServiceClient>((keys, tables) => keys.XmlRepository = new TableXmlRepository(tables));
        services.AddKeyVaultKeyWrapping(configuration);

        services.TryAddKeyedSingleton(WallClock.Key, TimeProvider.System);
        services.AddRequestLimits(configuration);
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (configuration["Hosting:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
    }

    /// <summary>
    /// In Azure (<c>DataProtection:KeyVaultSecretUri</c> set), every data-protection key is wrapped under a Key Vault
    /// secret read with the app's identity (<c>DataProtection:ManagedIdentityClientId</c> for a user-assigned one)
    /// before it is stored; without the setting keys are stored as they are (ADR 0068).
    /// </summary>
    static void AddKeyVaultKeyWrapping(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[KeyVaultSecretUriSetting] is not { Length: > 0 } secretUri)
            return;

        var secret = KeyVaultSecret(KeyVaultSecretUriSetting, secretUri);
        services.AddKeyVaultSecretClient(configuration, secret.VaultUri);
        services.AddSingleton(sp => new KeyVaultKeyEncryptionKey(sp.GetRequiredService<Azure.Security.KeyVault.Secrets.SecretClient>(), secret.Name, secret.Version));
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<KeyVaultKeyEncryptionKey>((keys, kek) => keys.XmlEncryptor = new KeyVaultXmlEncryptor(kek));
    }

    /// <summary>The secret a setting names, or an error naming the setting.</summary>
    public static Azure.Security.KeyVault.Secrets.KeyVaultSecretIdentifier KeyVaultSecret(string setting, string secretUri)
    {
        if (!Uri.TryCreate(secretUri, UriKind.Absolute, out var uri) || !uri.AbsolutePath.StartsWith("/secrets/", StringComparison.Ordinal)
            || !Azure.Security.KeyVault.Secrets.KeyVaultSecretIdentifier.TryCreate(uri, out var secret))
            throw new InvalidOperationException($"{setting} must be a Key Vault secret URI such as https://<vault>.vault.azure.net/secrets/<name>.");
        return secret;
    }

    /// <summary>
    /// The one Key Vault client of the app, read with its identity (<c>DataProtection:ManagedIdentityClientId</c> for
    /// a user-assigned one). Every secret the app reads is in the same vault.
    /// </summary>
    public static void AddKeyVaultSecretClient(this IServiceCollection services, IConfiguration configuration, Uri vaultUri)
    {
        if (services.FirstOrDefault(s => s.ServiceType == typeof(KeyVaultVault)) is { ImplementationInstance: KeyVaultVault { Uri: var registered } }
            && registered != vaultUri)
            throw new InvalidOperationException($"Every Key Vault secret the app reads must be in one vault: {registered} and {vaultUri} were both named.");

        services.TryAddSingleton(new KeyVaultVault(vaultUri));
        services.TryAddSingleton(_ => new Azure.Security.KeyVault.Secrets.SecretClient(vaultUri,
            new Azure.Identity.DefaultAzureCredential(new Azure.Identity.DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = configuration["DataProtection:ManagedIdentityClientId"],
            })));
    }

    /// <summary>Which vault the app's secrets are in (checked, not used, when a second setting names a secret).</summary>
    sealed record KeyVaultVault(Uri Uri);

    public const string KeyVaultSecretUriSetting = "DataProtection:KeyVaultSecretUri";

    /// <summary>The first middleware: everything after it is covered.</summary>
    public static void UseHostSecurity(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        app.UseExceptionHandler(handler => handler.Run(WriteErrorAsync));
        if (configuration.GetValue("Hosting:ForwardedHeaders", false))
            app.UseForwardedHeaders();
        if (RequiresHttps(configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseSecurityHeaders();
        // Before authentication: the stylesheet and scripts are public, and the sign-in page needs them.
        app.UseFrontendAssets();
    }

    static Task WriteErrorAsync(HttpContext context)
    {
        // The antiforgery check reads the form first and wraps what went wrong: look through the chain.
        var error = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is BadHttpRequestException or InvalidDataException)
            {
                error = inner;
                break;
            }
        }

        return error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => PlainPages.Write(context, StatusCodes.Status413PayloadTooLarge,
                "The request is too large", "The request is larger than this service accepts."),
            BadHttpRequestException or InvalidDataException => PlainPages.Write(context, StatusCodes.Status400BadRequest,
                "The request could not be read", "The request could not be read. Please go back and try again."),
            _ => PlainPages.Write(context, StatusCodes.Status500InternalServerError,
                "Something went wrong", "Something went wrong on our side. Please try again later."),
        };
    }
}
