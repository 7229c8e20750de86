using SendWorkflows.Contract;

namespace SendWorkflows.Contract.Tests;

/// <summary>Issue 20: dates that parse but cannot be right are rejected by every reader, naming the field.</summary>
public class CaseEventDateWindowTests
{
    static IntakeRejection Rejected(string json)
    {
        var result = CaseEventReader.ReadBody(json);
        Assert.Empty(result.Accepted);
        return Assert.Single(result.Rejected);
    }

    static string Meeting(string on, string meetingOn) =>
        $$"""{"id":"e","type":"ReviewMeetingScheduled","caseId":"R","on":"{{on}}","meetingOn":"{{meetingOn}}"}""";

    [Theory]
    [InlineData("0001-01-01", "meetingOn 0001-01-01 is more than 28 days before the event")]
    [InlineData("1900-01-01", "meetingOn 1900-01-01 is more than 28 days before the event")]
    [InlineData("9999-12-31", "meetingOn 9999-12-31 is more than 12 months after the event")]
    [InlineData("2062-10-20", "meetingOn 2062-10-20 is more than 12 months after the event")]
    public void A_meeting_far_from_the_event_is_rejected_naming_meetingOn(string meetingOn, string reason)
    {
        var rejection = Rejected(Meeting("2026-10-01", meetingOn));

        Assert.Equal("meetingOn", rejection.Field);
        Assert.StartsWith(reason, rejection.Reason);
    }

    [Theory]
    [InlineData("2026-09-03")] // recorded four weeks after it was fixed for then
    [InlineData("2027-10-01")] // a year ahead
    public void A_meeting_in_its_window_is_accepted(string meetingOn) =>
        Assert.Single(CaseEventReader.ReadBody(Meeting("2026-10-01", meetingOn)).Accepted);

    [Theory]
    [InlineData("""{"id":"e","type":"ReviewMeetingHeld","caseId":"R","on":"9999-12-31"}""")]
    [InlineData("""{"id":"e","type":"PlanCeased","caseId":"R","on":"0001-01-01"}""")]
    [InlineData("""{"id":"e","type":"DraftPlanIssued","caseId":"R","on":"2014-08-31"}""")]
    public void An_event_dated_outside_the_era_of_EHC_plans_is_rejected_naming_on(string json)
    {
        var rejection = Rejected(json);

        Assert.Equal("on", rejection.Field);
        Assert.Contains("is outside 2014-09-01 to 2199-12-31", rejection.Reason);
    }

    [Fact]
    public void A_request_for_someone_older_than_25_is_rejected_without_echoing_the_date_of_birth()
    {
        var rejection = Rejected("""
            {"id":"e1","type":"AssessmentRequested","caseId":"REQ-1","on":"2026-09-14","childInitials":"AB","dateOfBirth":"1971-05-02",
             "yearGroup":"2","settingName":"Elm Infants","settingEmail":"senco@elm.school.example","caseworkerEmail":"cw1@council.example"}
            """);

        Assert.Equal("dateOfBirth", rejection.Field);
        Assert.StartsWith("dateOfBirth is more than 25 years before the request date (on)", rejection.Reason);
        Assert.DoesNotContain("1971", rejection.Reason);
    }

    [Fact]
    public void An_exception_years_away_from_its_event_is_rejected()
    {
        var rejection = Rejected("""
            {"id":"e8","type":"ExceptionRecorded","caseId":"REQ-1","on":"2027-07-20","reason":"school_closure","from":"2027-07-16","to":"9999-08-31"}
            """);

        Assert.Equal("to", rejection.Field);
        Assert.StartsWith("to 9999-08-31 is more than a year from the event", rejection.Reason);
    }

    [Theory]
    [InlineData("2026-03-04", "on 2026-03-04 is in the future (today is 2026-03-02)")]
    [InlineData("2025-02-28", "on 2025-02-28 is more than a year ago (today is 2026-03-02)")]
    public void Against_the_case_clock_an_event_must_be_from_the_last_year_and_not_after_tomorrow(string on, string reason) =>
        Assert.StartsWith(reason, CaseEventDates.ProblemOn(new ReviewMeetingHeld("h", "R", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)), new DateOnly(2026, 3, 2)));

    [Theory]
    [InlineData("2026-03-03")]
    [InlineData("2025-03-01")]
    public void Against_the_case_clock_tomorrow_and_a_year_ago_are_accepted(string on) =>
        Assert.Null(CaseEventDates.ProblemOn(new ReviewMeetingHeld("h", "R", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)), new DateOnly(2026, 3, 2)));
}
