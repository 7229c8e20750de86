namespace SendWorkflows.Contract.Tests;

/// <summary>Issue 12, defect 5: what a rejected store may keep of an item.</summary>
public sealed class RejectedItemTextTests
{
    [Fact]
    public void Personal_and_unknown_values_are_removed_and_the_rest_kept()
    {
        var redacted = RejectedItemText.Redact(
            """{"id":"e1","type":"AssessmentRequested","caseId":"C1","childInitials":"Jo Bloggs","dateOfBirth":"2016-01-02","childName":"Jo","settingName":"Oak","familyEmail":"a@b.example","contact":"x@y.example"}""");

        Assert.Equal(
            """{"id":"e1","type":"AssessmentRequested","caseId":"C1","childInitials":"(removed)","dateOfBirth":"(removed)","childName":"(removed)","settingName":"Oak","familyEmail":"(removed)","contact":"(removed)"}""",
            redacted);
        Assert.Equal(redacted, RejectedItemText.Redact(redacted));
    }

    [Theory]
    [InlineData("""{"id":"e1","childInitials":"Jo Bl""")]
    [InlineData("P-1,Jo Bloggs,2016-01-02")]
    [InlineData("""["Jo Bloggs"]""")]
    public void Text_that_is_not_a_json_object_is_not_kept(string raw) =>
        Assert.Equal(RejectedItemText.NotKept, RejectedItemText.Redact(raw));

    [Fact]
    public void Ids_are_read_from_broken_json_up_to_the_break()
    {
        Assert.Equal(("e1", "C1", "AdviceReceived"), RejectedItemText.Identify("""{"id":"e1","type":"AdviceReceived","caseId":"C1","on":"2026-"""));
        Assert.Equal(("e2", null, null), RejectedItemText.Identify("""{"id":"e2","nested":{"caseId":"not-this"},"""));
    }

    [Fact]
    public void A_caseload_row_keeps_its_plan_and_dates_but_not_initials_birth_date_or_emails()
    {
        var row = RejectedItemText.Row(
            ["plan_id", "child_initials", "date_of_birth", "setting_email", "family_email", "last_review_on"],
            ["P-1", "Jo Bloggs", "2016-01-02", "senco@oak.example", "home@b.example", "2026-01-05"]);

        Assert.Equal(
            """{"plan_id":"P-1","child_initials":"(removed)","date_of_birth":"(removed)","setting_email":"(removed)","family_email":"(removed)","last_review_on":"2026-01-05"}""",
            row);
    }
}
