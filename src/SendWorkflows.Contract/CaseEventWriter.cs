using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SendWorkflows.Contract;

/// <summary>
/// Writes case events as the contract's JSON (section 2): <c>id</c>, <c>type</c>, <c>caseId</c>, <c>on</c>, then the
/// type's own fields, in a fixed order so that the same events always give the same bytes.
/// </summary>
public static class CaseEventWriter
{
    /// <summary>One event as a single line of JSON.</summary>
    public static string ToJson(CaseEvent caseEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
            Write(json, caseEvent);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>JSON Lines: one event per line, each line ending with "\n".</summary>
    public static void WriteLines(IEnumerable<CaseEvent> events, TextWriter writer)
    {
        foreach (var caseEvent in events)
        {
            writer.Write(ToJson(caseEvent));
            writer.Write('\n');
        }
    }

    public static void Write(Utf8JsonWriter json, CaseEvent caseEvent)
    {
        json.WriteStartObject();
        json.WriteString("id", caseEvent.Id);
        json.WriteString("type", caseEvent.Type);
        json.WriteString("caseId", caseEvent.CaseId);
        WriteDate(json, "on", caseEvent.On);
        switch (caseEvent)
        {
            case AssessmentRequested requested:
                json.WriteString("childInitials", requested.ChildInitials);
                WriteDate(json, "dateOfBirth", requested.DateOfBirth);
                json.WriteString("yearGroup", requested.YearGroup.ToString());
                json.WriteString("settingName", requested.SettingName);
                json.WriteString("settingEmail", requested.SettingEmail);
                json.WriteString("caseworkerEmail", requested.CaseworkerEmail);
                if (requested.FamilyEmail is not null)
                    json.WriteString("familyEmail", requested.FamilyEmail);
                break;
            case AssessmentDecision decision:
                json.WriteString("decision", ContractSpelling.AssessmentDecisions.Spell(decision.Decision));
                break;
            case AdviceRequested requested:
                json.WriteString("contact", requested.Contact);
                break;
            case AdviceReceived received:
                json.WriteString("contact", received.Contact);
                break;
            case ExceptionRecorded exception:
                json.WriteString("reason", ContractSpelling.ExceptionReasons.Spell(exception.Reason));
                WriteDate(json, "from", exception.From);
                WriteDate(json, "to", exception.To);
                break;
            case ReviewMeetingScheduled scheduled:
                WriteDate(json, "meetingOn", scheduled.MeetingOn);
                break;
            case ReviewDecision decision:
                json.WriteString("decision", ContractSpelling.ReviewDecisions.Spell(decision.Decision));
                break;
            case PlacementChanged placement:
                json.WriteString("settingName", placement.SettingName);
                json.WriteString("settingEmail", placement.SettingEmail);
                json.WriteString("settingType", ContractSpelling.SettingTypes.Spell(placement.SettingType));
                break;
            case CaseworkerChanged caseworker:
                json.WriteString("caseworkerEmail", caseworker.CaseworkerEmail);
                break;
            case FamilyContactChanged family:
                json.WriteString("familyEmail", family.FamilyEmail ?? "");
                break;
            case FamilySurveyAnswered answered:
                json.WriteBoolean("involved", answered.Involved);
                json.WriteBoolean("communicationGood", answered.CommunicationGood);
                break;
        }

        json.WriteEndObject();
    }

    static void WriteDate(Utf8JsonWriter json, string name, DateOnly date) =>
        json.WriteString(name, ContractRules.FormatDate(date));
}
