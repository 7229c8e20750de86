using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Web.Links;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows.Review;
using Xunit.Abstractions;

namespace SendWorkflows.Proof.Tests.Fuzz;

/// <summary>
/// Issue 20 against the real host process: response links signed with the host's own key, for running reviews,
/// confirmed with random form bodies (meeting dates of every shape, huge fields, no antiforgery token, not a form).
/// No answer is a 5xx, the host stays up, and once the workflows have taken in what was accepted no instance has
/// ended Failed.
/// </summary>
[Collection(ProofLanes.BesideTheClockRuns)]
public sealed partial class LinkFormFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Random_link_forms_never_get_a_5xx_nor_leave_a_workflow_failed()
    {
        var count = ProofSize.Setting("PROOF_LINK_FORMS", ci: 60, full: 600);
        var random = new Random(ProofSize.Setting("PROOF_SEED", ci: 8, full: 8));
        const string hub = "prooflinks";
        await using var storage = await Azurite.StartAsync();
        await using var host = HostProcess.Create(storage, mail: null, new Dictionary<string, string>
        {
            ["Storage__HubName"] = hub,
            // The per-address limit on anonymous pages would answer most of the run with 429 and test nothing else.
            ["RateLimits__AnonymousPerMinute"] = "100000",
        });
        await host.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var caseload = new CaseloadGenerator(5).Generate(today.Month >= 9 ? today.Year : today.Year - 1, 12, 0);
        await host.ImportContactsAsync(caseload.Contacts);
        using (var api = host.Client(TimeSpan.FromSeconds(60)))
        using (var csv = new StringWriter(CultureInfo.InvariantCulture))
        {
            caseload.WriteCaseload(csv);
            (await api.PostAsync("api/caseload", new StringContent(csv.ToString()))).EnsureSuccessStatusCode();
        }

        var store = new AzureTableOrchestrationStore(storage.CreateTableServiceClient(), hub);
        var running = new HashSet<string>(StringComparer.Ordinal);
        // The import creates the workflows (Pending); the host runs their first steps a moment later.
        await Poll.UntilAsync(
            async () => !await AnyAsync(store, i => i.Status == OrchestrationRuntimeStatus.Pending),
            TimeSpan.FromSeconds(90), "every imported plan's review workflow to take its first step");
        await foreach (var instance in store.QueryInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running]), CancellationToken.None))
            running.Add(instance.InstanceId);
        var plans = caseload.Plans.Select(p => p.PlanId).Where(p => running.Contains(ReviewedPlan.InstanceIdFor(p))).ToArray();
        Assert.NotEmpty(plans);
        var contact = caseload.Contacts.Contacts.Keys.First();
        var signer = new ResponseLinkSigner(Options.Create(new ResponseLinkOptions { SigningKey = HostProcess.SigningKey }), TimeProvider.System);

        var serverErrors = new List<string>();
        var pages = new Dictionary<HttpStatusCode, int>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var n = 0; n < count; n++)
        {
            var plan = plans[random.Next(plans.Length)];
            var requested = random.Next(4) switch
            {
                0 => ResponseRequest.AdviceReceived,
                1 => ResponseRequest.ReviewReportReceived,
                _ => ResponseRequest.ReviewMeetingScheduled,
            };
            var claims = new ResponseLinkClaims($"fuzz-{n}", $"fuzz-notification-{n}", plan, ReviewedPlan.InstanceIdFor(plan), requested,
                requested == ResponseRequest.AdviceReceived ? contact : null, DateTimeOffset.UtcNow.AddDays(14).ToUnixTimeSeconds());
            var path = $"respond/{Uri.EscapeDataString(plan)}/{signer.Sign(claims)}";

            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var browser = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
            var page = await browser.GetAsync(path);
            Record(pages, serverErrors, $"GET link {n}", page.StatusCode);
            var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()) is { Success: true } match ? match.Groups[1].Value : null;

            var (description, body) = RandomBody(random, today, token);
            var answer = await browser.PostAsync(path, body);
            Record(statuses, serverErrors, $"POST link {n} ({requested}, {description})", answer.StatusCode);
        }

        await Poll.UntilAsync(
            async () => !await AnyAsync(store, i => i.WakeAt is { } wake && wake <= DateTimeOffset.UtcNow),
            TimeSpan.FromSeconds(90), "the workflows to take in every confirmed response");
        var failed = new List<string>();
        await foreach (var instance in store.QueryInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed]), CancellationToken.None))
            failed.Add($"{instance.InstanceId}: {instance.Failure?.ErrorMessage}");
        output.WriteLine($"{count} link pages: " + string.Join(", ", pages.Select(s => $"{(int)s.Key} x{s.Value}")));
        output.WriteLine($"{count} link forms: " + string.Join(", ", statuses.Select(s => $"{(int)s.Key} x{s.Value}")));

        Assert.Empty(serverErrors);
        Assert.Empty(failed);
        Assert.True(host.IsRunning, "the host process died:\n" + host.Tail());
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 0 && statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 0,
            "the forms reached neither a recorded response nor a refusal, so the run tested little");
    }

    static void Record(Dictionary<HttpStatusCode, int> statuses, List<string> serverErrors, string what, HttpStatusCode status)
    {
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        if ((int)status >= 500)
            serverErrors.Add($"{what}: {(int)status}");
    }

    /// <summary>A form body of one of many shapes; the antiforgery token is sometimes left out.</summary>
    static (string Description, HttpContent Body) RandomBody(Random random, DateOnly today, string? token)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var withToken = token is not null && random.Next(8) != 0;
        if (withToken)
            fields.Add(new("__RequestVerificationToken", token!));
        var kind = random.Next(12);
        var meetingOn = kind switch
        {
            0 => null,
            1 => "",
            2 => "0001-01-01",
            3 => "9999-12-31",
            4 => "2062-10-20",
            5 => "1900-01-01",
            6 => today.AddDays(random.Next(-800, 800)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            7 => new string('9', random.Next(1000, 300_000)),
            8 => $"{today.Year}-02-{random.Next(29, 32)}",
            9 => "2026-1\u00e9-0\u0000\r\n<script>",
            _ => today.AddDays(random.Next(-30, 400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (meetingOn is not null)
            fields.Add(new("meetingOn", meetingOn));
        if (random.Next(5) == 0)
            fields.Add(new(new string('x', random.Next(1, 2000)), new string('y', random.Next(0, 200_000))));
        var description = $"meetingOn {(meetingOn is null ? "missing" : meetingOn.Length > 40 ? $"{meetingOn.Length} characters" : $"'{meetingOn}'")}, token {(withToken ? "sent" : "missing")}";
        return random.Next(15) == 0
            ? ("a JSON body", new StringContent("{\"meetingOn\":\"2026-12-01\"}", System.Text.Encoding.UTF8, "application/json"))
            : (description, new FormUrlEncodedContent(fields));
    }

    static async Task<bool> AnyAsync(AzureTableOrchestrationStore store, Func<InstanceRecord, bool> predicate)
    {
        await foreach (var instance in store.QueryInstancesAsync(new OrchestrationQuery(), CancellationToken.None))
        {
            if (predicate(instance))
                return true;
        }

        return false;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
