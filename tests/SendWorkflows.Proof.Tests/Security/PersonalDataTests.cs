using System.Globalization;
using System.Text.RegularExpressions;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Proof.Tests.Faults;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.TestSupport;
using Xunit.Abstractions;

namespace SendWorkflows.Proof.Tests.Security;

/// <summary>
/// Children's data in the real host's output: a generated caseload run for three case weeks with e-mail through
/// MailDev, its children also posted over HTTP as assessment requests (accepted and refused), debug logging on;
/// every log line and every e-mail is searched for any child's date of birth (in any usual format), and
/// logs for the children's initials. E-mails name a child by initials and case reference only.
/// The requests carry families' e-mails too (issue 16), decided at once so that their families are sent notices:
/// no log line, no rejected item and no e-mail to anyone but that family holds a family's address.
/// </summary>
[Collection(ProofLanes.AcceleratedClockRuns)]
public sealed partial class PersonalDataTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Logs_and_emails_carry_no_date_of_birth_and_emails_name_the_child_by_initials_and_case_reference()
    {
        var plan = new FaultRunPlan(Plans: 200, Requests: 40, Kills: 0, Days: 21, ClockSpeed: 43200, Seed: 5);
        await using var storage = await Azurite.StartAsync();
        await using var mail = await MailDev.StartAsync();
        // Debug level, ASP.NET Core's request lines included: every line the host can write is searched.
        var settings = new Dictionary<string, string>(plan.HostSettings("proofprivacy"))
        {
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        };
        await using var host = HostProcess.Create(storage, mail, settings);
        var caseload = new CaseloadGenerator(plan.Seed).Generate(FaultRunPlan.AcademicYear, plan.Plans, plan.Requests);
        await host.StartAsync();
        var families = await PostRequestsWithBirthDatesAsync(host, caseload);
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
        Assert.True(logs.Count > 200, $"only {logs.Count} log lines were captured: too few to show anything");
        Assert.Empty(logs.Where(line => birthDates.Any(d => line.Contains(d, StringComparison.Ordinal))).Take(5));
        Assert.Empty(mails.Where(m => birthDates.Any(d => (m.Subject + m.Text + m.Html).Contains(d, StringComparison.Ordinal))).Select(m => m.Subject).Take(5));
        Assert.Empty(logs.Where(line => Words().Matches(line).Any(w => initials.Contains(w.Value))
            && (line.Contains("EHC-", StringComparison.Ordinal) || line.Contains("PRV-", StringComparison.Ordinal))).Take(5));
        // A child is named by case reference: in every e-mail about one case, and in each item of a council-wide list.
        // A digest with no items (a Monday before any plan is on the register) and the monthly report name no child.
        Assert.All(mails.Where(m => !IsCouncilWide(m.Subject)), m => Assert.Matches(CaseReference(), m.Subject + m.Text));
        Assert.All(mails.Where(m => m.Subject.StartsWith("Weekly SEND digest", StringComparison.Ordinal) && !m.Subject.Contains("(0 items)", StringComparison.Ordinal)),
            m => Assert.Matches(CaseReference(), m.Text));

        // Families' e-mails: only ever in an e-mail to that family.
        var rejected = new List<string>();
        await foreach (var item in new SendWorkflows.Infrastructure.Tables.TableRejectedEventStore(storage.CreateTableServiceClient(), TimeProvider.System).AllAsync())
        {
            rejected.Add(System.Text.Json.JsonSerializer.Serialize(item));
        }

        output.WriteLine($"{families.Count} family e-mails searched in {rejected.Count} rejected items");
        Assert.Contains(mails, m => m.To.Any(families.Contains));
        Assert.Contains(rejected, r => r.Contains("familyEmail", StringComparison.Ordinal));
        Assert.Empty(logs.Where(line => families.Any(f => line.Contains(f, StringComparison.OrdinalIgnoreCase))).Take(5));
        Assert.Empty(rejected.Where(r => families.Any(f => r.Contains(f, StringComparison.OrdinalIgnoreCase))).Take(5));
        Assert.Empty(mails.Where(m => !m.To.Any(families.Contains)
            && families.Any(f => (m.Subject + m.Text + m.Html).Contains(f, StringComparison.OrdinalIgnoreCase))).Select(m => m.Subject).Take(5));
    }

    /// <summary>
    /// Every planned child's date of birth sent over HTTP too, as new assessment requests with a family e-mail: half
    /// valid (applied, then decided so that the family is sent a notice), half refused for an impossible setting
    /// e-mail, so the intake's log lines and rejected items for both outcomes are searched as well. Returns the
    /// families' addresses.
    /// </summary>
    static async Task<HashSet<string>> PostRequestsWithBirthDatesAsync(HostProcess host, GeneratedCaseload caseload)
    {
        using var client = host.Client();
        var requests = caseload.Plans.Select((p, i) => new AssessmentRequested(
            $"privacy-{i:000}", $"PRV-{i:000}", FaultRunPlan.StartOn, p.ChildInitials, p.DateOfBirth, YearGroup.Year(4),
            "Oak Primary", i % 2 == 0 ? "senco@oak.example.org" : "not an e-mail", "caseworker@council.example.org",
            $"family.prv{i:000}@home.example.org")).ToList();
        var decisions = requests.Where((_, i) => i % 2 == 0).Select((r, i) => new AssessmentDecision(
            r.Id + "-d", r.CaseId, FaultRunPlan.StartOn, i % 2 == 0 ? AssessmentDecisionKind.Assess : AssessmentDecisionKind.Decline));
        // The requests first, so that every decision finds its assessment started.
        foreach (var batch in requests.Cast<CaseEvent>().Chunk(50).Concat(decisions.Cast<CaseEvent>().Chunk(50)))
        {
            var answers = await EventPoster.PostAsync(client, EventPoster.Body(batch));
            Assert.NotNull(answers);
        }

        return requests.Select(r => r.FamilyEmail!).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    static bool IsCouncilWide(string subject) =>
        subject.StartsWith("Weekly SEND digest", StringComparison.Ordinal) || subject.StartsWith("Monthly SEND report", StringComparison.Ordinal);

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
