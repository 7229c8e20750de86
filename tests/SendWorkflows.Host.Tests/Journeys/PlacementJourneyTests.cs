namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// The register "at any time" in the running host: a placement change shows as soon as its event is applied, with
/// the monitoring visit it starts, and a caseworker's own page lists the child waiting for provision.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed class PlacementJourneyTests(JourneyServices services)
{
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
        J-M1,QM,2014-02-03,6,Oak Primary,senco@oak.example.org,mainstream,placing.cw@council.example.org,2022-06-01,2025-07-01
        """;

    [Fact]
    public async Task The_register_shows_a_placement_change_and_its_monitoring_visit_as_soon_as_the_event_is_applied()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        await host.PostContactsAsync();
        await host.PostCaseloadAsync(Caseload);
        var staff = await host.SignInAsync();
        var register = new Uri(host.BaseUrl, "/dashboard/register?q=J-M1").ToString();
        await host.UntilAsync(async () =>
        {
            await staff.GotoAsync(register);
            return (await staff.InnerTextAsync("#register")).Contains("Oak Primary", StringComparison.Ordinal);
        }, "the plan on the register");

        await host.PostEventsAsync(
            """{"id":"J-M1-move","type":"PlacementChanged","caseId":"J-M1","on":"2026-03-02","settingName":"Lake House","settingEmail":"office@lake.example.org","settingType":"residential"}""",
            """{"id":"J-M1-wait","type":"ProvisionAwaited","caseId":"J-M1","on":"2026-03-02"}""");

        var row = "";
        await host.UntilAsync(async () =>
        {
            await staff.GotoAsync(register);
            row = await staff.InnerTextAsync("#register tbody");
            // The two events are applied one after the other: wait for both.
            return row.Contains("Lake House", StringComparison.Ordinal) && row.Contains("25 May 2026", StringComparison.Ordinal)
                && row.Contains("Yes, ", StringComparison.Ordinal);
        }, "the placement change and the wait on the register");

        Assert.Contains("Residential school", row, StringComparison.Ordinal);
        Assert.Contains("placing.cw@council.example.org", row, StringComparison.Ordinal);
        Assert.Contains("Not yet due", row, StringComparison.Ordinal);
        Assert.Contains("Yes, 0 days", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Oak Primary", row, StringComparison.Ordinal);

        await staff.GotoAsync(new Uri(host.BaseUrl, "/dashboard/my-cases?caseworker=placing.cw%40council.example.org").ToString());
        Assert.Contains("J-M1", await staff.InnerTextAsync("#my-waiting"), StringComparison.Ordinal);
        Assert.Contains("Nothing on these cases is due this week or next", await staff.InnerTextAsync("main"), StringComparison.Ordinal);
    }
}
