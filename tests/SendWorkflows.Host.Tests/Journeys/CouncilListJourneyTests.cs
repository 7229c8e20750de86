namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// The council-wide lists under <c>serve</c>: the assistant director's weekly digest every case-clock Monday and the
/// school's termly list of reviews, started by the running host itself (not only by <c>simulate</c>).
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed class CouncilListJourneyTests(JourneyServices services)
{
    // Review due 1 June 2026: in the summer term, whose lists go out 2 weeks before it starts.
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
        J-T1,QT,2015-02-03,5,Birch Primary,senco@birch.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-06-01
        """;

    [Fact]
    public async Task The_running_host_sends_the_weekly_digest_on_monday_and_the_termly_list()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 3, 6, 0, 0, TimeSpan.Zero));
        // An assistant director address of its own, so only this host's digest can arrive there.
        await host.PostContactsAsync(assistantDirector: "ad.lists@council.example.org");
        await host.PostCaseloadAsync(Caseload);

        // Monday 9 March on the case clock: the digest goes to the assistant director.
        await host.AdvanceToAsync(new DateOnly(2026, 3, 9));
        var digest = await host.MailAsync("ad.lists@council.example.org", "Weekly SEND digest", "week of 9 March 2026");
        Assert.Contains("Weekly SEND digest", digest.Subject, StringComparison.Ordinal);

        // Before the summer term: the school's list names its review.
        await host.AdvanceToAsync(new DateOnly(2026, 4, 7));
        var list = await host.MailAsync("senco@birch.example.org", "Annual reviews due next term");
        Assert.Contains("J-T1", list.Text, StringComparison.Ordinal);

        // The assistant director signs in to the dashboard, where the plan is on the register.
        var staff = await host.SignInAsync();
        await staff.ClickAsync("a[href='/dashboard/register']");
        Assert.Contains("J-T1", await staff.InnerTextAsync("main"), StringComparison.Ordinal);
    }
}
