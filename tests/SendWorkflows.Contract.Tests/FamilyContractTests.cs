using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Contract.Tests;

/// <summary>
/// The family's part of the contract: <c>family_email</c> on the caseload, <c>familyEmail</c> on a request,
/// <c>FamilyContactChanged</c> and <c>FamilySurveyAnswered</c>. The family's e-mail is personal data: a rejection never
/// keeps it, and no record's text prints it.
/// </summary>
public sealed class FamilyContractTests
{
    static readonly DateOnly Today = new(2026, 9, 1);
    const string Family = "parent.jones@family.example";

    const string Header =
        "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,family_email";

    const string Row =
        "EHC-1,JS,2015-03-04,6,Oakfield Primary,senco@oakfield.school.example,mainstream,cw1@council.example,2021-05-01,2025-06-10";

    static IntakeResult<PlanRecord> Read(params string[] lines) => CaseloadCsvReader.Read(string.Join("\r\n", lines) + "\r\n", Today);

    [Fact]
    public void A_family_email_on_the_caseload_is_read_and_an_empty_one_means_none()
    {
        var plans = Read(Header, $"{Row},{Family}", Row.Replace("EHC-1", "EHC-2", StringComparison.Ordinal) + ",").Accepted;

        Assert.Equal([Family, null], plans.Select(p => p.FamilyEmail));
    }

    [Fact]
    public void A_bad_family_email_rejects_the_row_naming_the_column_and_keeps_no_address()
    {
        var rejection = Assert.Single(Read(Header, $"{Row},parent.jones-at-family.example").Rejected);

        Assert.Equal(("family_email", "family_email is not a valid e-mail address"), (rejection.Field, rejection.Reason));
        Assert.DoesNotContain("parent.jones", rejection.Redacted, StringComparison.Ordinal);
        Assert.Contains("\"family_email\":\"(removed)\"", rejection.Redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void The_caseload_writer_writes_the_family_email_column_and_reads_back_the_same_plan()
    {
        var plan = Assert.Single(Read(Header, $"{Row},{Family}").Accepted);

        var again = Assert.Single(CaseloadCsvReader.Read(CaseloadCsvWriter.ToCsv([plan]), Today).Accepted);

        Assert.Equal(plan with { Contributors = again.Contributors }, again);
        Assert.EndsWith("family_email", CaseloadCsvWriter.ToCsv([plan]).Split("\r\n")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"f1","type":"FamilyContactChanged","caseId":"EHC-1","on":"2026-09-01","familyEmail":"not-an-address"}""", "familyEmail", "familyEmail is not a valid e-mail address")]
    [InlineData("""{"id":"f2","type":"FamilySurveyAnswered","caseId":"EHC-1","on":"2026-09-01","involved":"yes","communicationGood":true}""", "involved", "involved must be true or false")]
    [InlineData("""{"id":"f3","type":"FamilySurveyAnswered","caseId":"EHC-1","on":"2026-09-01","involved":true}""", "communicationGood", "communicationGood is required")]
    [InlineData("""{"id":"f4","type":"AssessmentRequested","caseId":"R-1","on":"2026-09-01","childInitials":"AB","dateOfBirth":"2019-05-02","yearGroup":"2","settingName":"Elm","settingEmail":"senco@elm.example","caseworkerEmail":"cw@council.example","familyEmail":"parent@"}""", "familyEmail", "familyEmail is not a valid e-mail address")]
    public void A_bad_family_field_is_rejected_naming_it_and_the_kept_text_has_no_address(string json, string field, string reason)
    {
        var rejection = Assert.Single(CaseEventReader.ReadBody(json).Rejected);

        Assert.Equal((field, reason), (rejection.Field, rejection.Reason));
        Assert.DoesNotContain("parent@", rejection.Redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("not-an-address", rejection.Redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_family_email_in_a_contact_change_means_the_family_has_none()
    {
        var read = Assert.Single(CaseEventReader.ReadBody("""{"id":"f5","type":"FamilyContactChanged","caseId":"EHC-1","on":"2026-09-01","familyEmail":""}""").Accepted);

        Assert.Equal(new FamilyContactChanged("f5", "EHC-1", new(2026, 9, 1), null), read);
    }

    [Fact]
    public void No_record_prints_the_family_email()
    {
        object[] records =
        [
            new FamilyContactChanged("f6", "EHC-1", Today, Family),
            new AssessmentRequested("f7", "R-1", Today, "AB", new(2019, 5, 2), YearGroup.Year(2), "Elm", "senco@elm.example", "cw@council.example", Family),
            Assert.Single(Read(Header, $"{Row},{Family}").Accepted),
        ];

        Assert.All(records, record => Assert.DoesNotContain(Family, record.ToString(), StringComparison.Ordinal));
        Assert.All(records, record => Assert.Contains("FamilyEmail = (withheld)", record.ToString(), StringComparison.Ordinal));
    }
}
