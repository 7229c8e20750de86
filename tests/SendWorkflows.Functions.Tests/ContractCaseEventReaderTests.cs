using SendWorkflows.Contract;
using SendWorkflows.Functions.CaseEvents;

namespace SendWorkflows.Functions.Tests;

public sealed class ContractCaseEventReaderTests
{
    readonly ContractCaseEventReader reader = new();

    [Fact]
    public void One_valid_event_is_read_as_its_record()
    {
        var caseEvent = reader.Read("""{"id":"ev-1","type":"ReviewMeetingHeld","caseId":"P1","on":"2026-11-23"}""");

        Assert.Equal(new ReviewMeetingHeld("ev-1", "P1", new DateOnly(2026, 11, 23)), caseEvent);
    }

    [Fact]
    public void An_unknown_type_is_refused_with_the_contract_readers_reason()
    {
        var error = Assert.Throws<FormatException>(() => reader.Read("""{"id":"ev-1","type":"Nonsense","caseId":"P1","on":"2026-11-23"}"""));

        Assert.Contains("Nonsense", error.Message);
    }

    [Fact]
    public void A_body_with_two_events_is_refused_because_a_message_is_one_event()
    {
        var error = Assert.Throws<FormatException>(() => reader.Read("""
            [{"id":"ev-1","type":"ReviewMeetingHeld","caseId":"P1","on":"2026-11-23"},
             {"id":"ev-2","type":"ReviewReportReceived","caseId":"P1","on":"2026-11-24"}]
            """));

        Assert.Contains("exactly one case event", error.Message);
    }

    [Fact]
    public void Text_that_is_not_json_is_refused()
    {
        Assert.Throws<FormatException>(() => reader.Read("not json"));
    }
}
