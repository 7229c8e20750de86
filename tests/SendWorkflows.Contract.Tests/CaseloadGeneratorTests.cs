using System.Text;
using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Contract.Tests;

public class CaseloadGeneratorTests
{
    const int AcademicYear = 2026;
    static readonly GeneratedCaseload Demo = new CaseloadGenerator(seed: 42).Generate(AcademicYear);

    static (string Caseload, string Events, string Contacts) Written(GeneratedCaseload caseload)
    {
        using StringWriter csv = new(), jsonl = new(), json = new();
        caseload.WriteCaseload(csv);
        caseload.WriteEvents(jsonl);
        caseload.WriteContacts(json);
        return (csv.ToString(), jsonl.ToString(), json.ToString());
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_different_ones()
    {
        var again = Written(new CaseloadGenerator(seed: 42).Generate(AcademicYear));
        var other = Written(new CaseloadGenerator(seed: 43).Generate(AcademicYear));

        Assert.Equal(Written(Demo), again);
        Assert.NotEqual(Written(Demo).Caseload, other.Caseload);
        Assert.NotEqual(Written(Demo).Events, other.Events);
    }

    [Fact]
    public void It_makes_the_requested_numbers_of_plans_and_assessment_requests()
    {
        Assert.Equal(2000, Demo.Plans.Count);
        Assert.Equal(2000, Demo.Plans.Select(p => p.PlanId).Distinct().Count());
        Assert.Equal(200, Demo.Events.OfType<AssessmentRequested>().Count());
        Assert.Equal(Demo.Events.Count, Demo.Events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Everything_it_writes_passes_the_readers_unchanged()
    {
        var (caseload, events, contacts) = Written(Demo);

        var directory = ContactsDirectoryReader.Read(contacts);
        var plans = CaseloadCsvReader.Read(caseload, Demo.LoadedOn, Assert.Single(directory.Accepted));
        var readEvents = CaseEventReader.ReadLines(events);

        Assert.Empty(directory.Rejected);
        Assert.Empty(plans.Rejected);
        Assert.Empty(readEvents.Rejected);
        Assert.Equal(Demo.Plans.Count, plans.Accepted.Count);
        Assert.All(Demo.Plans.Zip(plans.Accepted), pair => Assert.Equal(
            pair.First with { Contributors = null }, pair.Second with { Contributors = null }));
        Assert.All(Demo.Plans.Zip(plans.Accepted), pair => Assert.Equal(pair.First.Contributors, pair.Second.Contributors));
        Assert.Equal(Demo.Events, readEvents.Accepted);
    }

    [Fact]
    public void The_contacts_cover_every_role_with_reserved_example_domains()
    {
        Assert.Equal(Enum.GetValues<ContactRole>().Order(), Demo.Contacts.Contacts.Values.Select(c => c.Role).Distinct().Order());
        Assert.Contains(Demo.Contacts.Contacts.Values, c => c.Manager is not null && c.SeniorLead is not null);
        var addresses = Demo.Contacts.Contacts.Values.SelectMany(c => new[] { c.Email, c.Manager, c.SeniorLead }).OfType<string>()
            .Concat([Demo.Contacts.SenManager, Demo.Contacts.AssistantDirector])
            .Concat(Demo.Plans.SelectMany(p => new[] { p.SettingEmail, p.CaseworkerEmail }));
        Assert.All(addresses, address => Assert.EndsWith(".example", address));
    }

    [Fact]
    public void Plans_spread_over_year_groups_settings_and_transfer_years()
    {
        var yearGroups = Demo.Plans.Select(p => p.YearGroup).ToHashSet();
        Assert.Contains(YearGroup.Nursery1, yearGroups);
        Assert.Contains(YearGroup.Nursery2, yearGroups);
        Assert.Contains(YearGroup.Year(6), yearGroups);
        Assert.Contains(YearGroup.Year(11), yearGroups);
        Assert.Contains(YearGroup.Year(14), yearGroups);
        Assert.Contains(YearGroup.None, yearGroups);
        Assert.Equal(Enum.GetValues<SettingType>().Order(), Demo.Plans.Select(p => p.SettingType).Distinct().Order());
        Assert.Contains(Demo.Plans, p => p.Transfer is not null);
        Assert.Contains(Demo.Plans, p => p.AwaitingProvision);
        Assert.Contains(Demo.Plans, p => p.LastMonitoringVisitOn is not null);
    }

    [Fact]
    public void Monitored_placements_have_visits_recorded_and_children_wait_for_and_are_given_provision_only_in_their_own_plans()
    {
        var visits = Demo.Events.OfType<MonitoringVisitRecorded>().ToList();
        var plans = Demo.Plans.ToDictionary(p => p.PlanId);

        Assert.NotEmpty(visits);
        Assert.All(visits, v => Assert.True(MonitoringVisits.IsMonitored(plans[v.CaseId].SettingType), v.CaseId));
        Assert.Contains(Demo.Events, e => e is ProvisionAwaited);
        Assert.All(Demo.Events.OfType<ProvisionSecured>(), s => Assert.True(
            plans[s.CaseId].AwaitingProvision || Demo.Events.OfType<ProvisionAwaited>().Any(a => a.CaseId == s.CaseId && a.On < s.On), s.CaseId));
        Assert.NotNull(Demo.Contacts.PlacementsOfficer);
    }

    [Fact]
    public void Some_reviews_are_already_overdue_on_the_load_date_and_the_rest_fall_due_through_the_year()
    {
        var dueDates = Demo.Plans.Select(p => (p.LastReviewOn ?? p.PlanIssuedOn).AddYears(1)).ToList();

        var overdue = dueDates.Count(due => due < Demo.LoadedOn);
        Assert.InRange(overdue, 100, 400);
        Assert.Contains(Demo.Plans, p => p.LastReviewOn is null);
        var dueMonths = dueDates.Where(due => due >= Demo.LoadedOn).Select(due => due.Month).Distinct();
        Assert.Equal(12, dueMonths.Count());
    }

    [Fact]
    public void Assessments_have_decisions_advice_drafts_and_final_plans_some_of_them_late()
    {
        var requests = Demo.Events.OfType<AssessmentRequested>().ToDictionary(r => r.CaseId);
        var decisions = Demo.Events.OfType<AssessmentDecision>().ToList();
        var finals = Demo.Events.OfType<FinalPlanIssued>().ToList();

        Assert.All(Demo.Events.Where(e => requests.ContainsKey(e.CaseId)), e => Assert.True(e.On >= requests[e.CaseId].On, "no event before its request"));
        Assert.All(Demo.Events, e => Assert.InRange(e.On, new DateOnly(AcademicYear, 9, 1), new DateOnly(AcademicYear + 1, 8, 31)));
        Assert.Contains(decisions, d => d.Decision == AssessmentDecisionKind.Decline);
        Assert.Contains(decisions, d => d.On > requests[d.CaseId].On.AddDays(42));
        Assert.Contains(Demo.Events.OfType<AdviceRequested>(), a => a.Contact == "pfa");
        Assert.NotEmpty(Demo.Events.OfType<AdviceReceived>());
        Assert.NotEmpty(Demo.Events.OfType<DraftPlanIssued>());
        Assert.Contains(finals, f => f.On <= requests[f.CaseId].On.AddDays(140));
        Assert.Contains(finals, f => f.On > requests[f.CaseId].On.AddDays(140));
        Assert.NotEmpty(Demo.Events.OfType<ExceptionRecorded>());
        Assert.Equal(Demo.Events.OrderBy(e => e.On), Demo.Events);
    }

    [Fact]
    public void Reviews_progress_through_meetings_reports_decisions_and_amendments_mostly_on_time()
    {
        var plans = Demo.Plans.ToDictionary(p => p.PlanId);
        var reviewEvents = Demo.Events.Where(e => plans.ContainsKey(e.CaseId)).ToList();
        var held = reviewEvents.OfType<ReviewMeetingHeld>().ToList();
        var decisions = reviewEvents.OfType<ReviewDecision>().ToList();

        Assert.True(held.Count > Demo.Plans.Count / 2, $"only {held.Count} meetings held");
        Assert.NotEmpty(reviewEvents.OfType<ReviewMeetingScheduled>());
        Assert.NotEmpty(reviewEvents.OfType<ReviewReportReceived>());
        Assert.NotEmpty(reviewEvents.OfType<AmendedPlanIssued>());
        Assert.Contains(reviewEvents.OfType<AdviceReceived>(), a => a.Contact == "pfa");
        Assert.All(Enum.GetValues<ReviewDecisionKind>(), kind => Assert.Contains(decisions, d => d.Decision == kind));
        Assert.InRange(decisions.Count(d => d.Decision == ReviewDecisionKind.Cease), 1, decisions.Count / 10);

        // Every meeting is fixed before it is held, and each decision follows its report.
        Assert.All(reviewEvents.OfType<ReviewMeetingScheduled>(), s => Assert.True(s.On < s.MeetingOn, s.Id));
        foreach (var decision in decisions)
        {
            var report = reviewEvents.OfType<ReviewReportReceived>().SingleOrDefault(r => r.CaseId == decision.CaseId);
            Assert.True(report is null || report.On < decision.On, decision.Id);
        }

        // Some meetings late against their target, most on time.
        var late = held.Count(h =>
        {
            var plan = plans[h.CaseId];
            var due = ReviewDates.Due(plan.PlanIssuedOn, plan.LastReviewOn, plan.DateOfBirth, ReviewPolicy.Default);
            return h.On > ReviewTarget.For(due, plan.YearGroup, Demo.LoadedOn, plan.Transfer).Target;
        });
        Assert.InRange(late, held.Count / 10, held.Count / 2);
    }

    [Fact]
    public void Initials_are_never_longer_than_four_letters()
    {
        Assert.All(Demo.Plans, p => Assert.True(ContractRules.AreValidInitials(p.ChildInitials), p.PlanId));
        Assert.All(Demo.Plans, p => Assert.Equal(Encoding.ASCII.GetByteCount(p.ChildInitials), p.ChildInitials.Length));
    }
}
