using System.Text;

namespace SendWorkflows.Contract.Tests;

/// <summary>Issue 12, defect 6: bytes that are not UTF-8 are named by line and byte, never turned into U+FFFD.</summary>
public sealed class Utf8InputTests
{
    static readonly DateOnly Today = new(2026, 9, 1);

    const string Header = "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on";

    static byte[] Windows1252(string text) => Encoding.Latin1.GetBytes(text);

    [Fact]
    public void A_windows_1252_setting_name_rejects_its_row_with_line_and_byte_and_the_other_rows_load()
    {
        var bytes = Windows1252(Header + "\n" +
            "P-1,QX,2015-02-03,5,St Cl\u00e9ment Primary,senco@oak.example.org,mainstream,cw@council.example.org,2022-06-01,2026-06-10\n" +
            "P-2,QY,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,cw@council.example.org,2022-06-01,2026-06-10\n");

        var result = CaseloadCsvReader.Read(bytes, Today);

        Assert.Equal("P-2", Assert.Single(result.Accepted).PlanId);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal((2, "P-1"), (rejected.Line, rejected.CaseId));
        Assert.Contains("line 2, byte 26 (0xE9) is not valid UTF-8", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_text_as_utf8_loads_unchanged()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "\n" +
            "P-1,QX,2015-02-03,5,St Cl\u00e9ment Primary,senco@oak.example.org,mainstream,cw@council.example.org,2022-06-01,2026-06-10\n");

        Assert.Equal("St Cl\u00e9ment Primary", Assert.Single(CaseloadCsvReader.Read(bytes, Today).Accepted).SettingName);
    }

    [Fact]
    public void An_event_line_that_is_not_utf8_is_rejected_alone_keeping_its_ids()
    {
        var bytes = Windows1252(
            """{"id":"e1","type":"AdviceRequested","caseId":"C1","on":"2026-09-07","contact":"ep"}""" + "\n" +
            """{"id":"e2","type":"PlacementChanged","caseId":"C1","on":"2026-09-08","settingName":"St Cl""" + "\u00e9" + """ment","settingEmail":"a@b.example","settingType":"mainstream"}""" + "\n");

        var result = CaseEventReader.ReadLines(bytes);

        Assert.Equal("e1", Assert.Single(result.Accepted).Id);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal((2, "e2", "C1", "PlacementChanged"), (rejected.Line, rejected.EventId, rejected.CaseId, rejected.Type));
        Assert.Contains("byte 90 (0xE9) is not valid UTF-8", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_or_contacts_directory_that_is_not_utf8_is_refused_naming_line_and_byte()
    {
        var body = Windows1252("{\"id\":\"e1\",\n\"type\":\"X\u00e9\"}");

        Assert.Contains("line 2, byte 10 (0xE9)", Assert.Single(CaseEventReader.ReadBody(body).Rejected).Reason, StringComparison.Ordinal);
        Assert.Contains("line 2, byte 10 (0xE9)", Assert.Single(ContactsDirectoryReader.Read(body).Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_name_the_first_bad_byte_of_each_line()
    {
        var faults = Utf8Input.Faults([(byte)'a', 0xFF, 0xFE, (byte)'\n', (byte)'b', (byte)'c', 0xC3]);

        Assert.Equal([new Utf8Fault(1, 2, 1, 0xFF), new Utf8Fault(2, 3, 6, 0xC3)], faults);
    }
}
