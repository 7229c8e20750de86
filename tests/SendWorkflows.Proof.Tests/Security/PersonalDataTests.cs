using System.Globalization;
using System.Text.RegularExpressions;
using SendWorkflows.Contract;
using SendWorkflows.Proof.Tests.Faults;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.TestSupport;
using Xunit.Abstractions;

namespace SendWorkflows.Proof.Tests.Security;

/// <summary>
/// Children's data in the real host's output: a generated caseload run for a few case weeks with e-mail through
/// MailDev; every log line and every e-mail is searched for any child's date of birth (in any usual format), and
/// logs for the children's initials. E-mails name a child by initials and case reference only.
/// </summary>
public sealed partial class PersonalDataTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Logs_and_emails_carry_no_date_of_birth_and_emails_name_the_child_by_initials_and_case_reference()
    {
        var plan = new FaultRunPlan(Plans: 60, Requests: 10, Kills: 0, Days: 14, ClockSpeed: 21600, Seed: 5);
        await using var storage = await Azurite.StartAsync();
        await using var mail = await MailDev.StartAsync();
        await using var host = HostProcess.Create(storage, mail, plan.HostSettings("proofprivacy"));
        var caseload = new CaseloadGenerator(plan.Seed).Generate(FaultRunPlan.AcademicYear, plan.Plans, plan.Requests);
        await host.StartAsync();
        await Poll.UntilAsync(async () => await StoredState.CaseClockAsync(storage.CreateTableServiceClient()) >= plan.EndAt,
            plan.RealTimePerDay * plan.Days + TimeSpan.FromMinutes(2), "the case clock to reach the end date", TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(async () =>
        {
            var state = await StoredState.ReadAsync(storage.CreateTableServiceClient(), "proofprivacy", []);
            return state.Outbox.Count > 0 && state.Outbox.All(r => r.Status == SendWorkflows.Infrastructure.Outbox.OutboxStatus.Sent);
        }, TimeSpan.FromMinutes(2), "every e-mail to go", TimeSpan.FromSeconds(1));
        host.Kill();
        var mails = await mail.ReceivedMailAsync();
        var logs = host.Output.ToList();

        var birthDates = caseload.Plans.Select(p => p.DateOfBirth)
            .Concat(caseload.Events.OfType<AssessmentRequested>().Select(r => r.DateOfBirth))
            .Distinct().SelectMany(Spellings).ToHashSet();
        var initials = caseload.Plans.Select(p => p.ChildInitials).Where(i => i.Length >= 2).ToHashSet();
        output.WriteLine($"{logs.Count} log lines, {mails.Count} e-mails, {birthDates.Count} date-of-birth spellings searched");

        Assert.NotEmpty(mails);
        Assert.Empty(logs.Where(line => birthDates.Any(d => line.Contains(d, StringComparison.Ordinal))).Take(5));
        Assert.Empty(mails.Where(m => birthDates.Any(d => (m.Subject + m.Text + m.Html).Contains(d, StringComparison.Ordinal))).Select(m => m.Subject).Take(5));
        Assert.Empty(logs.Where(line => Words().Matches(line).Any(w => initials.Contains(w.Value))
            && line.Contains("EHC-", StringComparison.Ordinal)).Take(5));
        Assert.All(mails, m => Assert.Matches(CaseReference(), m.Subject + m.Text));
    }

    /// <summary>2014-03-07, 07/03/2014, 7/3/2014, 7 March 2014, 07 Mar 2014, March 7, 2014.</summary>
    static IEnumerable<string> Spellings(DateOnly date)
    {
        var uk = CultureInfo.GetCultureInfo("en-GB");
        string[] formats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "d MMMM yyyy", "dd MMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "yyyyMMdd"];
        return formats.Select(format => date.ToString(format, uk));
    }

    [GeneratedRegex("\\b[A-Z][A-Z'\\-]{1,6}\\b")]
    private static partial Regex Words();

    [GeneratedRegex("(EHC|REQ|PRF)-?\\d+|[A-Z]{2,4}-\\d{3,}")]
    private static partial Regex CaseReference();
}
