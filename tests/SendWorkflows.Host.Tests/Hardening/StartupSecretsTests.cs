using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Web.Security;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>Issue 20: outside Development the host will not start on published or weak secrets, nor with the demo.</summary>
public sealed class StartupSecretsTests
{
    static IConfiguration Settings(params (string Key, string Value)[] overrides)
    {
        var values = new Dictionary<string, string?>
        {
            ["Auth:StaffPassword"] = TestHost.StaffPassword,
            ["Auth:ApiKey"] = TestHost.ApiKey,
            ["Links:SigningKey"] = TestHost.SigningKey,
        };
        foreach (var (key, value) in overrides)
            values[key] = value;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    static IHostEnvironment Environment(string name) => new HostingEnvironment { EnvironmentName = name };

    [Theory]
    [InlineData("Auth:StaffPassword", "local-staff-password", "Auth:StaffPassword is a published sample value")]
    [InlineData("Auth:ApiKey", "local-api-key", "Auth:ApiKey is a published sample value")]
    [InlineData("Auth:ApiKey", "a-good-key-1234567,local-api-key", "Auth:ApiKey is a published sample value")]
    [InlineData("Auth:StaffPassword", "tiny-pw", "Auth:StaffPassword is shorter than 12 characters")]
    [InlineData("Auth:AdminPassword", "aaaaaaaaaaaaaaaaaaaa", "Auth:AdminPassword repeats too few different characters")]
    [InlineData("Links:SigningKey", "only-twenty-chars-ab", "Links:SigningKey is shorter than 32 characters")]
    [InlineData("Links:SigningKey", "", "Links:SigningKey is not set")]
    [InlineData("Demo:Enabled", "true", "Demo:Enabled is true")]
    public void Production_refuses_to_start_naming_the_setting_never_its_value(string key, string value, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StartupSecrets.Enforce(Environment("Production"), Settings((key, value))));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        if (value.Length > 0 && value != "true")
            Assert.DoesNotContain(value, error.Message.Replace(key, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Development_starts_with_the_run_local_defaults_and_the_demo() =>
        StartupSecrets.Enforce(Environment("Development"),
            Settings(("Auth:StaffPassword", "local-staff-password"), ("Auth:ApiKey", "local-api-key"), ("Demo:Enabled", "true")));

    [Fact]
    public void Production_starts_with_strong_secrets() =>
        Assert.Empty(StartupSecrets.Problems(Settings()));

    [Theory]
    [InlineData("right secret", "right secret", true)]
    [InlineData("right secret", "right secreT", false)]
    [InlineData("right", "right secret", false)]
    [InlineData("right secret and more", "right secret", false)]
    [InlineData("", "", false)]
    public void Secrets_are_compared_by_digest(string presented, string configured, bool matches) =>
        Assert.Equal(matches, SecretDigest.Matches(presented, configured));
}
