using System.Text;
using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Contract.Tests;

public class CaseloadCsvReaderTests
{
    static readonly DateOnly Today = new(2026, 9, 1);

    const string Header =
        "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on";

    const string GoodRow =
        "EHC-1,JS,2015-03-04,6,Oakfield Primary,senco@oakfield.school.example,mainstream,cw1@council.example,2021-05-01,2025-06-10";

    static IntakeResult<PlanRecord> Read(params string[] lines) => CaseloadCsvReader.Read(string.Join("\r\n", lines) + "\r\n", Today);

    /// <summary>The good row with one column replaced.</summary>
    static string With(string column, string value)
    {
        var names = Header.Split(',');
        var values = GoodRow.Split(',');
        values[Array.IndexOf(names, column)] = value;
        return string.Join(',', values);
    }

    static IntakeRejection SingleRejection(IntakeResult<PlanRecord> result)
    {
        Assert.Empty(result.Accepted);
        return Assert.Single(result.Rejected);
    }

    [Fact]
    public void A_good_row_is_parsed_into_a_plan()
    {
        var plan = Assert.Single(Read(Header, GoodRow).Accepted);

        Assert.Equal(new PlanRecord("EHC-1", "JS", new(2015, 3, 4), YearGroup.Year(6), "Oakfield Primary",
            "senco@oakfield.school.example", SettingType.Mainstream, "cw1@council.example", new(2021, 5, 1), new(2025, 6, 10)),
            plan with { Contributors = null });
    }

    [Fact]
    public void Optional_columns_are_read_in_any_order_and_header_names_ignore_case_and_unknown_columns()
    {
        var csv = string.Join("\n",
            "Awaiting_Provision,CONTRIBUTORS,extra_column,transfer,last_monitoring_visit_on," + Header.ToUpperInvariant(),
            "TRUE,ep-north; hp-north,whatever,post16,2026-01-15," + GoodRow);

        var plan = Assert.Single(CaseloadCsvReader.Read(csv, Today).Accepted);

        Assert.True(plan.AwaitingProvision);
        Assert.Equal(["ep-north", "hp-north"], plan.Contributors);
        Assert.Equal(TransferKind.Post16, plan.Transfer);
        Assert.Equal(new DateOnly(2026, 1, 15), plan.LastMonitoringVisitOn);
        Assert.Equal("EHC-1", plan.PlanId);
    }

    [Fact]
    public void An_empty_last_review_means_no_review_yet()
    {
        var plan = Assert.Single(Read(Header, With("last_review_on", "")).Accepted);

        Assert.Null(plan.LastReviewOn);
    }

    [Fact]
    public void Quoted_fields_with_commas_quotes_and_line_breaks_are_read_as_RFC_4180_says()
    {
        var row = With("setting_name", "\"St Mary's, \"\"The Lodge\"\"\r\nAnnexe\"");

        var plan = Assert.Single(Read(Header, row, With("plan_id", "EHC-2")).Accepted.Take(1));

        Assert.Equal("St Mary's, \"The Lodge\"\r\nAnnexe", plan.SettingName);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_stream_with_or_without_a_UTF8_byte_order_mark_is_read(bool withBom)
    {
        var text = Encoding.UTF8.GetBytes(Header + "\n" + With("setting_name", "Ysgol Gymraeg Caerdydd – Ffordd") + "\n");
        var bytes = withBom ? [.. Encoding.UTF8.Preamble, .. text] : text;

        var plan = Assert.Single(CaseloadCsvReader.Read(new MemoryStream(bytes), Today).Accepted);

        Assert.Equal("Ysgol Gymraeg Caerdydd – Ffordd", plan.SettingName);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Any_line_ending_is_read_and_lines_are_counted_by_it(string newLine)
    {
        var result = CaseloadCsvReader.Read(string.Join(newLine, Header, GoodRow, With("plan_id", "EHC-2").Replace(",6,", ",Y6,")), Today);

        Assert.Equal("EHC-1", Assert.Single(result.Accepted).PlanId);
        Assert.Equal(3, Assert.Single(result.Rejected).Line);
    }

    [Fact]
    public void A_UTF16_stream_with_its_byte_order_mark_is_read()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + "\r\n" + GoodRow)).ToArray();

        Assert.Single(CaseloadCsvReader.Read(new MemoryStream(bytes), Today).Accepted);
    }

    [Fact]
    public void A_byte_order_mark_left_in_a_string_does_not_hide_the_first_column()
    {
        Assert.Single(CaseloadCsvReader.Read("\uFEFF" + Header + "\n" + GoodRow, Today).Accepted);
    }

    [Fact]
    public void Missing_required_columns_are_a_file_level_error_naming_them_and_every_row_is_kept_as_rejected()
    {
        var header = Header.Replace("date_of_birth,", "").Replace(",setting_type", "");
        var row = GoodRow.Replace("2015-03-04,", "").Replace(",mainstream", "");

        var result = Read(header, row, row);

        Assert.Empty(result.Accepted);
        Assert.Equal(3, result.Rejected.Count);
        var fileError = result.Rejected[0];
        Assert.Equal(1, fileError.Line);
        Assert.Null(fileError.Field);
        Assert.Equal("the header row lacks required columns: date_of_birth, setting_type", fileError.Reason);
        Assert.Equal([2, 3], result.Rejected.Skip(1).Select(r => r.Line));
        Assert.All(result.Rejected.Skip(1), r => Assert.Equal(row, r.Raw));
    }

    [Fact]
    public void A_repeated_column_is_a_file_level_error()
    {
        var result = Read(Header + ",PLAN_ID", GoodRow + ",EHC-9");

        Assert.Equal("the header row repeats columns: plan_id", result.Rejected[0].Reason);
        Assert.Empty(result.Accepted);
    }

    [Fact]
    public void An_empty_file_is_rejected_as_lacking_a_header()
    {
        var rejection = Assert.Single(CaseloadCsvReader.Read("", Today).Rejected);

        Assert.Contains("empty", rejection.Reason);
    }

    [Theory]
    [InlineData("plan_id", "", "plan_id is required")]
    [InlineData("plan_id", "EHC-0000000000000000000000000000000000000000000000000000000000000001", "plan_id must be at most 64 characters")]
    [InlineData("child_initials", "", "child_initials is required")]
    [InlineData("child_initials", "Sam", "child_initials must be 1-4 capital letters")]
    [InlineData("child_initials", "JOHNS", "child_initials must be 1-4 capital letters")]
    [InlineData("child_initials", "John Smith", "child_initials must be 1-4 capital letters")]
    [InlineData("child_initials", "J.S.", "child_initials must be 1-4 capital letters")]
    [InlineData("date_of_birth", "", "date_of_birth is required")]
    [InlineData("date_of_birth", "04/03/2015", "date_of_birth is not a date (yyyy-MM-dd)")]
    [InlineData("date_of_birth", "2015-02-30", "date_of_birth is not a date (yyyy-MM-dd)")]
    [InlineData("date_of_birth", "2026-09-02", "date_of_birth is after today")]
    [InlineData("date_of_birth", "1990-01-01", "date_of_birth is more than 26 years ago")]
    [InlineData("year_group", "Y6", "year_group 'Y6' is not one of N1, N2, R, 1..14, none")]
    [InlineData("year_group", "15", "year_group '15' is not one of N1, N2, R, 1..14, none")]
    [InlineData("setting_name", "", "setting_name is required")]
    [InlineData("setting_name", "Oakfield Primary School Oakfield Primary School Oakfield Primary School Oakfield Primary School Oakfield Primary School Oakfield Primary School Oakfield Primary School Oakfield Primary School Oakfield Primary School", "setting_name is longer than 200 characters")]
    [InlineData("setting_email", "senco at oakfield", "setting_email is not a valid e-mail address")]
    [InlineData("setting_type", "academy", "setting_type 'academy' is not one of mainstream, special, independent, out_of_area")]
    [InlineData("setting_type", "out-of-area", "setting_type 'out-of-area' is not one of")]
    [InlineData("caseworker_email", "", "caseworker_email is required")]
    [InlineData("caseworker_email", "cw1@council", "caseworker_email is not a valid e-mail address")]
    [InlineData("plan_issued_on", "2014-01-01", "plan_issued_on is before date_of_birth")]
    [InlineData("plan_issued_on", "2026-10-01", "plan_issued_on is after today")]
    [InlineData("last_review_on", "2021-04-30", "last_review_on is before plan_issued_on")]
    [InlineData("last_review_on", "2026-09-02", "last_review_on is after today")]
    [InlineData("last_review_on", "yesterday", "last_review_on is not a date (yyyy-MM-dd)")]
    public void A_bad_required_field_rejects_the_row_naming_the_column(string column, string value, string reason)
    {
        var rejection = SingleRejection(Read(Header, With(column, value)));

        Assert.Equal(2, rejection.Line);
        Assert.Equal(column, rejection.Field);
        Assert.StartsWith(reason, rejection.Reason);
        Assert.Equal(With(column, value), rejection.Raw);
    }

    [Theory]
    [InlineData("transfer", "secondary", "transfer 'secondary' is not one of school, post16, none")]
    [InlineData("contributors", "ep north;hp-north", "contributors has a key 'ep north' that is not a contact key")]
    [InlineData("last_monitoring_visit_on", "2026-13-01", "last_monitoring_visit_on is not a date (yyyy-MM-dd)")]
    [InlineData("last_monitoring_visit_on", "2026-09-30", "last_monitoring_visit_on is after today")]
    [InlineData("awaiting_provision", "yes", "awaiting_provision 'yes' is not true or false")]
    public void A_bad_optional_field_rejects_the_row_naming_the_column(string column, string value, string reason)
    {
        var rejection = SingleRejection(Read(Header + "," + column, GoodRow + "," + value));

        Assert.Equal(column, rejection.Field);
        Assert.StartsWith(reason, rejection.Reason);
    }

    [Theory]
    [InlineData("A-M")]
    [InlineData("O'B")]
    [InlineData("J")]
    [InlineData("ÉMJS")]
    public void Initials_may_be_joined_by_hyphens_or_apostrophes(string initials)
    {
        Assert.Single(Read(Header, With("child_initials", initials)).Accepted);
    }

    [Fact]
    public void Reasons_never_repeat_a_childs_initials_or_date_of_birth()
    {
        var row = With("child_initials", "Zebedee").Replace("2015-03-04", "1815-03-04");

        var rejection = SingleRejection(Read(Header, row));

        Assert.DoesNotContain("Zebedee", rejection.Reason);
        Assert.DoesNotContain("1815", rejection.Reason);
        Assert.Contains("child_initials must be", rejection.Reason);
        Assert.Contains("date_of_birth is more than 26 years ago", rejection.Reason);
    }

    [Fact]
    public void Every_problem_of_a_row_is_listed_and_the_first_names_the_field()
    {
        var row = With("year_group", "Y6").Replace("cw1@council.example", "nobody");

        var rejection = SingleRejection(Read(Header, row));

        Assert.Equal("year_group", rejection.Field);
        Assert.Equal("year_group 'Y6' is not one of N1, N2, R, 1..14, none; caseworker_email is not a valid e-mail address", rejection.Reason);
    }

    [Fact]
    public void A_duplicate_plan_id_is_rejected_after_the_first_whatever_its_case()
    {
        var result = Read(Header, GoodRow, GoodRow.Replace("EHC-1", "ehc-1"));

        Assert.Single(result.Accepted);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(3, rejection.Line);
        Assert.Equal("plan_id 'ehc-1' already appears on line 2", rejection.Reason);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_rejected()
    {
        var rejection = SingleRejection(Read(Header, GoodRow.Replace("Oakfield Primary", "Oakfield, Primary")));

        Assert.Equal("the row has 11 fields but the header has 10", rejection.Reason);
        Assert.Null(rejection.Field);
    }

    [Fact]
    public void A_row_with_malformed_quoting_is_rejected()
    {
        var row = With("setting_name", "Oak\"field");

        var rejection = SingleRejection(Read(Header, row));

        Assert.StartsWith("the row's quoting is malformed", rejection.Reason);
        Assert.Equal(row, rejection.Raw);
    }

    [Fact]
    public void Contributors_must_be_in_the_contacts_directory_when_one_is_given()
    {
        var directory = new ContactsDirectory(
            new Dictionary<string, Contact> { ["ep-north"] = new("ep-north", ContactRole.EducationalPsychology, "ep@council.example", null, null) },
            "sen@council.example", "ad@council.example");

        var result = CaseloadCsvReader.Read(Header + ",contributors\n" + GoodRow + ",ep-north;hp-south\n" + With("plan_id", "EHC-2") + ",ep-north\n", Today, directory);

        Assert.Equal(["EHC-2"], result.Accepted.Select(p => p.PlanId));
        Assert.Equal("contributors names 'hp-south', which is not in the contacts directory", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void A_file_with_broken_rows_loads_the_good_rows_and_lists_every_broken_one_with_its_line()
    {
        var lines = new[]
        {
            Header,
            GoodRow,
            With("plan_id", "EHC-2").Replace("2015-03-04", "2015-3-4"),
            With("plan_id", "EHC-3"),
            "",
            With("plan_id", "EHC-4").Replace("mainstream", "grammar"),
            With("plan_id", "EHC-5").Replace("\"", "") + ",surplus",
            GoodRow,
            With("plan_id", "EHC-6"),
        };

        var result = Read(lines);

        Assert.Equal(["EHC-1", "EHC-3", "EHC-6"], result.Accepted.Select(p => p.PlanId));
        Assert.Equal([(3, "date_of_birth"), (6, "setting_type"), (7, null), (8, "plan_id")],
            result.Rejected.Select(r => (r.Line!.Value, r.Field)));
        Assert.Equal(lines[2], result.Rejected[0].Raw);
    }
}
