using System.Text;
using System.Text.RegularExpressions;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Web;

/// <summary>Children's data never reaches the logs: case ids yes; initials, e-mail addresses, dates of birth no.</summary>
public sealed partial class LogPrivacyTests
{
    [Fact]
    public async Task Intake_imports_links_and_rejections_log_no_initials_emails_or_dates_of_birth()
    {
        var logs = new CapturingLoggerProvider();
        await using (var host = await TestHost.StartAsync(logs))
        {
            var api = host.Client(TestHost.ApiKey);
            await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));
            await api.PostAsync("/api/caseload", new StringContent(SampleEvents.Caseload, Encoding.UTF8, "text/csv"));
            await api.PostAsync("/api/events", new StringContent(
                $"[{SampleEvents.AssessmentRequested()},{SampleEvents.AssessmentRequested(id: "evt-bad", settingEmail: "bad-address")},{SampleEvents.AdviceRequested(caseId: "EHC-404")}]",
                Encoding.UTF8, "application/json"));
            var link = host.Get<SignedResponseLinks>().LinkFor(TestLinks.AdviceRequest(), "ep.team@example.org")!;
            await Forms.SubmitAsync(host.Client(), link.PathAndQuery);
            await Forms.SubmitAsync(host.Client(), "/signin", new Dictionary<string, string> { ["password"] = "wrong" });
        }

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("EHC-1001", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("EHC-404", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => EmailAddress().IsMatch(l));
        Assert.DoesNotContain(lines, l => Initials().IsMatch(l));
        Assert.DoesNotContain(lines, l => l.Contains("2016-05-01", StringComparison.Ordinal) || l.Contains("2015-02-03", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    /// <summary>The sample data's initials (QX, QY, QZ) as words.</summary>
    [GeneratedRegex(@"\bQ[XYZ]\b")]
    private static partial Regex Initials();
}
