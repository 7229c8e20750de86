using System.Text;
using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Contract.Tests;

public class CaseEventReaderTests
{
    const string Requested =
        """{"id":"e1","type":"AssessmentRequested","caseId":"REQ-1","on":"2026-09-14","childInitials":"AB","dateOfBirth":"2019-05-02","yearGroup":"2","settingName":"Elm Infants","settingEmail":"senco@elm.school.example","caseworkerEmail":"cw1@council.example"}""";

    static readonly IReadOnlyList<CaseEvent> OneOfEachType =
    [
        new AssessmentRequested("e1", "REQ-1", new(2026, 9, 14), "AB", new(2019, 5, 2), YearGroup.Year(2), "Elm Infants", "senco@elm.school.example", "cw1@council.example"),
        new AssessmentRequested("e1b", "REQ-2", new(2026, 9, 14), "O'B", new(2023, 5, 2), YearGroup.Nursery1, "Tots, \"Little\" Ones", "a@tots.example", "cw1@council.example"),
        new AssessmentDecision("e2", "REQ-1", new(2026, 10, 1), AssessmentDecisionKind.Assess),
        new AssessmentDecision("e2b", "REQ-1", new(2026, 10, 1), AssessmentDecisionKind.Decline),
        new AdviceRequested("e3", "REQ-1", new(2026, 10, 2), "ep-north"),
        new AdviceReceived("e4", "REQ-1", new(2026, 11, 2), "ep-north"),
        new DraftPlanIssued("e5", "REQ-1", new(2026, 12, 20)),
        new FinalPlanIssued("e6", "REQ-1", new(2027, 1, 20)),
        new PlanNotIssued("e7", "REQ-1", new(2027, 1, 5)),
        new ExceptionRecorded("e8", "REQ-1", new(2027, 7, 20), ExceptionReason.SchoolClosure, new(2027, 7, 16), new(2027, 8, 31)),
        new ExceptionRecorded("e8b", "REQ-1", new(2027, 7, 20), ExceptionReason.AbsentFromArea, new(2027, 7, 16), new(2027, 7, 16)),
        new ReviewMeetingScheduled("e9", "EHC-1", new(2026, 9, 20), new(2026, 11, 3)),
        new ReviewMeetingHeld("e10", "EHC-1", new(2026, 11, 3)),
        new ReviewReportReceived("e11", "EHC-1", new(2026, 11, 10)),
        new ReviewDecision("e12", "EHC-1", new(2026, 11, 24), ReviewDecisionKind.Amend),
        new AmendedPlanIssued("e13", "EHC-1", new(2027, 1, 15)),
        new PlanCeased("e14", "EHC-1", new(2027, 7, 31)),
        new PlacementChanged("e15", "EHC-1", new(2027, 1, 4), "Birch Academy", "senco@birch.example", SettingType.OutOfArea),
        new CaseworkerChanged("e16", "EHC-1", new(2027, 1, 4), "cw2@council.example"),
        new AssessmentRequested("e1c", "REQ-3", new(2026, 9, 14), "CD", new(2019, 5, 2), YearGroup.Year(2), "Elm Infants", "senco@elm.school.example", "cw1@council.example", "parent@family.example"),
        new FamilyContactChanged("e17", "EHC-1", new(2027, 1, 5), "parent@family.example"),
        new FamilyContactChanged("e17b", "EHC-1", new(2027, 1, 6), null),
        new FamilySurveyAnswered("e18", "EHC-1", new(2027, 2, 3), Involved: true, CommunicationGood: false),
        new MonitoringVisitRecorded("e19", "EHC-1", new(2027, 2, 9)),
        new ProvisionAwaited("e20", "EHC-1", new(2027, 2, 10)),
        new ProvisionSecured("e21", "EHC-1", new(2027, 3, 1)),
    ];

    public static TheoryData<CaseEvent> EveryType => new(OneOfEachType);

    static IntakeRejection SingleRejection(IntakeResult<CaseEvent> result)
    {
        Assert.Empty(result.Accepted);
        return Assert.Single(result.Rejected);
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Every_event_type_round_trips_through_the_writer_and_the_reader(CaseEvent caseEvent)
    {
        var json = CaseEventWriter.ToJson(caseEvent);

        var read = Assert.Single(CaseEventReader.ReadBody(json).Accepted);

        Assert.Equal(caseEvent, read);
        Assert.StartsWith($$"""{"id":"{{caseEvent.Id}}","type":"{{caseEvent.Type}}","caseId":"{{caseEvent.CaseId}}","on":"{{caseEvent.On:yyyy-MM-dd}}""", json);
    }

    [Fact]
    public void The_round_trip_cases_cover_all_twenty_one_contract_types()
    {
        Assert.Equal(21, OneOfEachType.Select(e => e.GetType()).Distinct().Count());
        Assert.Equal(21, typeof(CaseEvent).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(CaseEvent))));
    }

    [Fact]
    public void The_writer_uses_the_contracts_field_names_and_spelling()
    {
        Assert.Equal("""{"id":"e1","type":"AssessmentRequested","caseId":"REQ-1","on":"2026-09-14","childInitials":"AB","dateOfBirth":"2019-05-02","yearGroup":"2","settingName":"Elm Infants","settingEmail":"senco@elm.school.example","caseworkerEmail":"cw1@council.example"}""",
            CaseEventWriter.ToJson(OneOfEachType[0]));
        Assert.Equal("""{"id":"x","type":"ExceptionRecorded","caseId":"R","on":"2027-07-20","reason":"early_years_closure","from":"2027-07-16","to":"2027-08-31"}""",
            CaseEventWriter.ToJson(new ExceptionRecorded("x", "R", new(2027, 7, 20), ExceptionReason.EarlyYearsClosure, new(2027, 7, 16), new(2027, 8, 31))));
    }

    [Fact]
    public void Json_lines_are_read_with_line_numbers_skipping_blank_lines_and_keeping_bad_lines()
    {
        var lines = string.Join("\r\n",
            Requested,
            "",
            """{"id":"e2","type":"AssessmentDecision","caseId":"REQ-1","on":"2026-10-01","decision":"assess"}""",
            """{"id":"e3","type":"AssessmentDecision","caseId":"REQ-1",""",
            """{"id":"e4","type":"AdviceRequested","caseId":"REQ-1","on":"2026-10-02","contact":"ep-north"}""");

        var result = CaseEventReader.ReadLines(lines);

        Assert.Equal(["e1", "e2", "e4"], result.Accepted.Select(e => e.Id));
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(4, rejection.Line);
        Assert.Equal("the line is not valid JSON", rejection.Reason);
        Assert.Equal("""{"id":"e3","type":"AssessmentDecision","caseId":"REQ-1",""", rejection.Raw);
    }

    /// <summary>
    /// A file's bytes are read line by line on several cores (ADR 0138): the lines must come back numbered and in order
    /// across the parts, with every kind of line end and the odd lines (blank, white space, broken, not UTF-8) spread
    /// over many parts, exactly as the file's text read line by line gives them.
    /// </summary>
    [Fact]
    public void A_large_file_read_on_several_cores_gives_what_its_text_read_line_by_line_gives()
    {
        var ends = new[] { "\n", "\r\n", "\r" };
        var lines = Enumerable.Range(1, 40_000).Select(i => (i % 997) switch
        {
            0 => "",
            1 => " \u00A0\t",
            2 => $$"""{"id":"bad{{i}}","type":"AssessmentDecision",""",
            3 => $$"""{"id":"x{{i}}","type":"PlanCeased","caseId":"","on":"2026-10-01"}""",
            _ => $$"""{"id":"e{{i}}","type":"AdviceRequested","caseId":"REQ-{{i % 50}}","on":"2026-10-02","contact":"ep-north"}""",
        }).ToList();
        var text = "\uFEFF" + string.Concat(lines.Select((line, i) => line + ends[i % ends.Length]));

        var fromBytes = CaseEventReader.ReadLines(Encoding.UTF8.GetBytes(text));
        var fromText = CaseEventReader.ReadLines(new StringReader(text));

        Assert.Equal(fromText.Accepted, fromBytes.Accepted);
        Assert.Equal(lines.Count(l => l.Contains("\"id\":\"e", StringComparison.Ordinal)), fromBytes.Accepted.Count);
        Assert.Equal(fromText.Rejected.Select(r => (r.Line, r.Field, r.Reason, r.Raw)), fromBytes.Rejected.Select(r => (r.Line, r.Field, r.Reason, r.Raw)));
        Assert.Equal(lines.Count(l => l.Contains("\"id\":\"bad", StringComparison.Ordinal) || l.Contains("\"id\":\"x", StringComparison.Ordinal)), fromBytes.Rejected.Count);
    }

    [Fact]
    public void A_line_that_is_not_utf8_deep_in_a_large_file_is_rejected_alone_with_its_own_line_number()
    {
        var line = """{"id":"e","type":"AdviceRequested","caseId":"REQ-1","on":"2026-10-02","contact":"ep-north"}""" + "\n";
        var bytes = Enumerable.Repeat(Encoding.UTF8.GetBytes(line), 30_000).SelectMany(b => b).ToList();
        bytes.Insert(line.Length * 20_000 + 10, 0xE9);

        var result = CaseEventReader.ReadLines([.. bytes]);

        Assert.Equal(29_999, result.Accepted.Count);
        Assert.Equal(20_001, Assert.Single(result.Rejected).Line);
    }

    [Fact]
    public void Json_lines_written_by_the_writer_read_back_from_a_stream_with_a_byte_order_mark()
    {
        var events = OneOfEachType;
        using var writer = new StringWriter();
        CaseEventWriter.WriteLines(events, writer);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(writer.ToString())).ToArray();

        var result = CaseEventReader.ReadLines(new MemoryStream(bytes));

        Assert.Equal(events, result.Accepted);
        Assert.Empty(result.Rejected);
    }

    [Fact]
    public void A_body_may_be_an_array_whose_items_are_judged_one_by_one_with_their_lines()
    {
        var body = "[\n" + Requested + ",\n" + """{"id":"e2","type":"Nonsense","caseId":"REQ-1","on":"2026-10-01"}""" + "\n]";

        var result = CaseEventReader.ReadBody(body);

        Assert.Equal("e1", Assert.Single(result.Accepted).Id);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(3, rejection.Line);
        Assert.Equal("type", rejection.Field);
        Assert.StartsWith("type 'Nonsense' is not a known event type (expected one of AssessmentRequested, ", rejection.Reason);
        Assert.Equal("""{"id":"e2","type":"Nonsense","caseId":"REQ-1","on":"2026-10-01"}""", rejection.Raw);
    }

    [Theory]
    [InlineData("{\"id\":\"e1\",")]
    [InlineData("[{\"id\":\"e1\"}")]
    [InlineData("{} {}")]
    [InlineData("")]
    [InlineData("// comment\n{}")]
    public void A_body_that_is_not_JSON_is_one_rejection_keeping_the_whole_body(string body)
    {
        var rejection = SingleRejection(CaseEventReader.ReadBody(body));

        Assert.StartsWith("the body is not valid JSON", rejection.Reason);
        Assert.Equal(body, rejection.Raw);
    }

    [Theory]
    [InlineData("id", "id is required")]
    [InlineData("type", "type is required")]
    [InlineData("caseId", "caseId is required")]
    [InlineData("on", "on is required")]
    public void A_missing_common_field_is_named(string field, string reason)
    {
        var json = Requested.Replace($"\"{field}\":", $"\"x{field}\":");

        var rejection = SingleRejection(CaseEventReader.ReadBody(json));

        Assert.Equal(field, rejection.Field);
        Assert.Equal(reason, rejection.Reason);
    }

    [Theory]
    [InlineData("""{"id":"e","type":"AssessmentDecision","caseId":"R","on":"2026-13-01","decision":"assess"}""", "on", "on is not a date (yyyy-MM-dd)")]
    [InlineData("""{"id":"e","type":"AssessmentDecision","caseId":"R","on":"2026-10-01"}""", "decision", "decision is required")]
    [InlineData("""{"id":"e","type":"AssessmentDecision","caseId":"R","on":"2026-10-01","decision":"yes"}""", "decision", "decision 'yes' is not one of assess, decline")]
    [InlineData("""{"id":"e","type":"ReviewDecision","caseId":"R","on":"2026-10-01","decision":"assess"}""", "decision", "decision 'assess' is not one of maintain, amend, cease")]
    [InlineData("""{"id":"e","type":"AdviceRequested","caseId":"R","on":"2026-10-01"}""", "contact", "contact is required")]
    [InlineData("""{"id":"e","type":"AdviceReceived","caseId":"R","on":"2026-10-01","contact":"ep north"}""", "contact", "contact 'ep north' is not a contact key (letters, digits, - _ .)")]
    [InlineData("""{"id":"e","type":"ReviewMeetingScheduled","caseId":"R","on":"2026-10-01","meetingOn":"next week"}""", "meetingOn", "meetingOn is not a date (yyyy-MM-dd)")]
    [InlineData("""{"id":"e","type":"ExceptionRecorded","caseId":"R","on":"2026-10-01","reason":"holiday","from":"2026-10-01","to":"2026-10-30"}""", "reason", "reason 'holiday' is not one of school_closure, early_years_closure, personal_circumstances, absent_from_area")]
    [InlineData("""{"id":"e","type":"ExceptionRecorded","caseId":"R","on":"2026-10-01","reason":"school_closure","from":"2026-10-31","to":"2026-10-30"}""", "from", "from is after to")]
    [InlineData("""{"id":"e","type":"ExceptionRecorded","caseId":"R","on":"2026-10-01","reason":"school_closure","from":"2026-10-01"}""", "to", "to is required")]
    [InlineData("""{"id":7,"type":"PlanCeased","caseId":"R","on":"2026-10-01"}""", "id", "id must be a string")]
    [InlineData("""["not an object"]""", null, "an event must be a JSON object")]
    [InlineData("""{"id":"e","type":"PlacementChanged","caseId":"R","on":"2026-10-01","settingName":"Birch","settingType":"special"}""", "settingEmail", "settingEmail is required")]
    [InlineData("""{"id":"e","type":"PlacementChanged","caseId":"R","on":"2026-10-01","settingName":"Birch","settingEmail":"senco.birch.example","settingType":"special"}""", "settingEmail", "settingEmail is not a valid e-mail address")]
    [InlineData("""{"id":"e","type":"PlacementChanged","caseId":"R","on":"2026-10-01","settingName":"Birch","settingEmail":"senco@birch.example","settingType":"academy"}""", "settingType", "settingType 'academy' is not one of mainstream, special, independent, out_of_area, residential, home_educated, post16, early_years, none")]
    [InlineData("""{"id":"e","type":"PlacementChanged","caseId":"R","on":"2026-10-01","settingEmail":"senco@birch.example","settingType":"special"}""", "settingName", "settingName is required")]
    [InlineData("""{"id":"e","type":"CaseworkerChanged","caseId":"R","on":"2026-10-01"}""", "caseworkerEmail", "caseworkerEmail is required")]
    [InlineData("""{"id":"e","type":"CaseworkerChanged","caseId":"R","on":"2026-10-01","caseworkerEmail":"Jo Bloggs <jo@council.example>"}""", "caseworkerEmail", "caseworkerEmail is not a valid e-mail address")]
    public void A_bad_field_is_named_with_a_clear_reason(string json, string? field, string reason)
    {
        var rejection = SingleRejection(CaseEventReader.ReadBody(json));

        Assert.Equal(field, rejection.Field);
        Assert.Equal(reason, rejection.Reason);
    }

    [Theory]
    [InlineData("childInitials", "\"Alice\"", "childInitials must be 1-4 capital letters, optionally joined by - or ' (initials only, never a name)")]
    [InlineData("dateOfBirth", "\"02/05/2019\"", "dateOfBirth is not a date (yyyy-MM-dd)")]
    [InlineData("dateOfBirth", "\"2026-09-15\"", "dateOfBirth is after the request date (on)")]
    [InlineData("yearGroup", "\"Year 2\"", "yearGroup 'Year 2' is not one of N1, N2, R, 1..14, none")]
    [InlineData("settingName", "null", "settingName is required")]
    [InlineData("settingEmail", "\"senco@@elm.example\"", "settingEmail is not a valid e-mail address")]
    [InlineData("caseworkerEmail", "\"Case Worker <cw1@council.example>\"", "caseworkerEmail is not a valid e-mail address")]
    public void A_bad_assessment_request_field_is_named_without_echoing_personal_data(string field, string value, string reason)
    {
        var json = System.Text.RegularExpressions.Regex.Replace(Requested, $"\"{field}\":\"[^\"]*\"", $"\"{field}\":{value}");

        var rejection = SingleRejection(CaseEventReader.ReadBody(json));

        Assert.Equal(field, rejection.Field);
        Assert.Equal(reason, rejection.Reason);
        Assert.DoesNotContain("Alice", rejection.Reason);
        Assert.DoesNotContain("2019", rejection.Reason);
    }

    [Fact]
    public void A_numeric_year_group_is_accepted_and_unknown_extra_properties_are_ignored()
    {
        var json = Requested.Replace("\"yearGroup\":\"2\"", "\"yearGroup\":2,\"source\":\"synergy\"");

        var read = Assert.IsType<AssessmentRequested>(Assert.Single(CaseEventReader.ReadBody(json).Accepted));

        Assert.Equal(YearGroup.Year(2), read.YearGroup);
    }

    [Fact]
    public void Every_problem_of_an_event_is_listed()
    {
        var rejection = SingleRejection(CaseEventReader.ReadBody("""{"type":"AssessmentDecision","caseId":"R","on":"someday","decision":"maybe"}"""));

        Assert.Equal("id", rejection.Field);
        Assert.Equal("id is required; on is not a date (yyyy-MM-dd); decision 'maybe' is not one of assess, decline", rejection.Reason);
    }
}

public class CaseEventReaderEdgeTests
{
    [Fact]
    public void An_escaped_lone_surrogate_is_a_rejection_not_an_exception()
    {
        var result = CaseEventReader.ReadBody("""{"id":"\ud800","type":"PlanCeased","caseId":"R","on":"2026-10-01"}""");

        var rejection = Assert.Single(result.Rejected);
        Assert.Equal("id", rejection.Field);
    }

    [Fact]
    public void A_property_name_with_a_lone_surrogate_is_a_rejection_not_an_exception()
    {
        var result = CaseEventReader.ReadLines("""{"id":"e","type":"PlanCeased","caseId":"R","on":"2026-10-01","\udc00x":1}""");

        Assert.Equal("the event holds text that is not valid (an unpaired UTF-16 surrogate escape)", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void Deeply_nested_JSON_is_a_rejection_not_an_exception()
    {
        var body = new string('[', 5000) + new string(']', 5000);

        Assert.StartsWith("the body is not valid JSON", Assert.Single(CaseEventReader.ReadBody(body).Rejected).Reason);
        Assert.Equal("the line is not valid JSON", Assert.Single(CaseEventReader.ReadLines(body).Rejected).Reason);
    }
}

public class LoggingSafetyTests
{
    [Fact]
    public void Printing_a_plan_or_a_request_withholds_the_date_of_birth()
    {
        var plan = new PlanRecord("EHC-1", "JS", new(2015, 3, 4), YearGroup.Year(6), "Oakfield", "s@o.example",
            SettingType.Mainstream, "c@c.example", new(2021, 5, 1), null);
        var request = new AssessmentRequested("e1", "REQ-1", new(2026, 9, 14), "AB", new(2019, 5, 2), YearGroup.Year(2),
            "Elm", "s@e.example", "c@c.example");

        Assert.DoesNotContain("2015", plan.ToString());
        Assert.Contains("PlanId = EHC-1", plan.ToString());
        Assert.DoesNotContain("2019", request.ToString());
        Assert.Contains("CaseId = REQ-1", request.ToString());
        Assert.Contains("ChildInitials = AB", request.ToString());
    }

    [Fact]
    public void Printing_a_rejection_leaves_out_its_raw_text()
    {
        var rejection = new IntakeRejection(3, "date_of_birth", "date_of_birth is after today", "EHC-1,JS,2099-01-01");

        Assert.Equal("line 3: date_of_birth is after today", rejection.ToString());
    }

    [Fact]
    public void Monitoring_and_provision_events_read_from_their_contract_json()
    {
        var result = CaseEventReader.ReadLines(
            """
            {"id":"v1","type":"MonitoringVisitRecorded","caseId":"EHC-1","on":"2027-02-09"}
            {"id":"w1","type":"ProvisionAwaited","caseId":"EHC-1","on":"2027-02-10"}
            {"id":"w2","type":"ProvisionSecured","caseId":"EHC-1","on":"2027-03-01"}
            """);

        Assert.Empty(result.Rejected);
        Assert.Equal(
            [new MonitoringVisitRecorded("v1", "EHC-1", new(2027, 2, 9)), new ProvisionAwaited("w1", "EHC-1", new(2027, 2, 10)), new ProvisionSecured("w2", "EHC-1", new(2027, 3, 1))],
            result.Accepted);
    }

    [Fact]
    public void A_visit_dated_after_today_is_refused_even_by_a_day_though_other_events_have_a_days_grace()
    {
        var today = new DateOnly(2027, 2, 9);

        Assert.Null(CaseEventDates.ProblemOn(new MonitoringVisitRecorded("v", "EHC-1", today), today));
        Assert.Equal(
            "on 2027-02-10 is in the future (today is 2027-02-09): a monitoring visit is recorded once it has taken place",
            CaseEventDates.ProblemOn(new MonitoringVisitRecorded("v", "EHC-1", today.AddDays(1)), today));
        Assert.Null(CaseEventDates.ProblemOn(new ProvisionAwaited("w", "EHC-1", today.AddDays(1)), today));
    }
}
