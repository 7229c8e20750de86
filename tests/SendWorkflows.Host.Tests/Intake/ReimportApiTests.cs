using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Intake;

/// <summary>POST /api/caseload twice on the real workflows: the answer says what the second load changed.</summary>
public sealed class ReimportApiTests : IAsyncLifetime
{
    const string Header = "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on";
    const string PlanA = "P-A,QX,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-06-10";
    const string PlanB = "P-B,QY,2015-04-03,5,Elm Primary,senco@elm.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-07-10";
    const string PlanAMoved = "P-A,QX,2015-02-03,5,Birch Special,senco@birch.example.org,special,caseworker@council.example.org,2022-06-01,2025-06-10";

    TestHost host = null!;
    HttpClient api = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartWithWorkflowsAsync();
        api = host.Client(TestHost.ApiKey);
        await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task<JsonElement> ImportAsync(params string[] rows)
    {
        var response = await api.PostAsync("/api/caseload", new StringContent(string.Join('\n', [Header, .. rows]) + "\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static (int, int, int, int) Counts(JsonElement report)
    {
        var plans = report.GetProperty("plans");
        return (plans.GetProperty("started").GetInt32(), plans.GetProperty("updated").GetInt32(),
            plans.GetProperty("unchanged").GetInt32(), plans.GetProperty("rejected").GetInt32());
    }

    Task UntilRegisteredAsync(string planId, Func<RegisteredPlan, bool> holds, string what) =>
        Poll.UntilAsync(async () => await host.Get<IPlanRegister>().FindAsync(planId) is { } plan && holds(plan), TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task A_second_load_reports_the_updated_plan_the_register_shows_its_new_setting_and_a_third_load_finds_nothing_to_change()
    {
        var first = await ImportAsync(PlanA, PlanB);
        await UntilRegisteredAsync("P-A", _ => true, "P-A in the register");
        await UntilRegisteredAsync("P-B", _ => true, "P-B in the register");

        var second = await ImportAsync(PlanAMoved, PlanB);
        await UntilRegisteredAsync("P-A", p => p.SettingEmail == "senco@birch.example.org", "P-A's new setting in the register");
        var third = await ImportAsync(PlanAMoved, PlanB);

        Assert.Equal((2, 0, 0, 0), Counts(first));
        Assert.Equal((0, 1, 1, 0), Counts(second));
        Assert.True(second.GetProperty("succeeded").GetBoolean());
        Assert.Equal(2, second.GetProperty("imported").GetInt32());
        var change = Assert.Single(second.GetProperty("changes").EnumerateArray());
        Assert.Equal("P-A", change.GetProperty("planId").GetString());
        Assert.Equal(["setting"], change.GetProperty("applied").EnumerateArray().Select(f => f.GetString()));
        var moved = await host.Get<IPlanRegister>().FindAsync("P-A");
        Assert.Equal(("Birch Special", Domain.SettingType.Special), (moved!.Entry.SettingName, moved.Entry.SettingType));
        Assert.Equal((0, 0, 2, 0), Counts(third));
        Assert.Empty(third.GetProperty("changes").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"id":"bad-1","type":"PlacementChanged","caseId":"P-A","on":"2026-03-02","settingName":"Birch Special","settingType":"special"}""", "bad-1", "settingEmail is required")]
    [InlineData("""{"id":"bad-2","type":"PlacementChanged","caseId":"P-A","on":"2026-03-02","settingName":"Birch Special","settingEmail":"senco@birch.example.org","settingType":"academy"}""", "bad-2", "settingType 'academy' is not one of mainstream")]
    [InlineData("""{"id":"bad-3","type":"CaseworkerChanged","caseId":"P-A","on":"2026-03-02","caseworkerEmail":"cw2 at council"}""", "bad-3", "caseworkerEmail is not a valid e-mail address")]
    public async Task A_bad_change_is_rejected_with_its_reason_and_kept_and_the_plan_carries_on(string body, string id, string reason)
    {
        await ImportAsync(PlanA);
        await UntilRegisteredAsync("P-A", _ => true, "P-A in the register");

        var bad = await PostEventAsync(body);
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/rejected-events");
        var good = await PostEventAsync("""{"id":"good-1","type":"CaseworkerChanged","caseId":"P-A","on":"2026-03-02","caseworkerEmail":"cw2@council.example.org"}""");
        await UntilRegisteredAsync("P-A", p => p.CaseworkerEmail == "cw2@council.example.org", "P-A's new caseworker in the register");

        Assert.Equal("Rejected", bad.GetProperty("status").GetString());
        Assert.Contains(reason, bad.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var kept = Assert.Single(listed.EnumerateArray(), r => r.GetProperty("eventId").GetString() == id);
        Assert.Contains(reason, kept.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("P-A", kept.GetProperty("caseId").GetString());
        Assert.Equal("Accepted", good.GetProperty("status").GetString());
        Assert.Equal("senco@oak.example.org", (await host.Get<IPlanRegister>().FindAsync("P-A"))!.SettingEmail);
    }

    async Task<JsonElement> PostEventAsync(string body)
    {
        var response = await api.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
    }
}
