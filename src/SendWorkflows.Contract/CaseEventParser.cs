using System.Text.Json;
using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>Turns one JSON event object into its <see cref="CaseEvent"/> record, dispatching on <c>type</c>.</summary>
static class CaseEventParser
{
    /// <summary>The contract's event types, which are the records' names.</summary>
    public static IReadOnlySet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(AssessmentRequested), nameof(AssessmentDecision), nameof(AdviceRequested), nameof(AdviceReceived),
        nameof(DraftPlanIssued), nameof(FinalPlanIssued), nameof(PlanNotIssued), nameof(ExceptionRecorded),
        nameof(ReviewMeetingScheduled), nameof(ReviewMeetingHeld), nameof(ReviewReportReceived), nameof(ReviewDecision),
        nameof(AmendedPlanIssued), nameof(PlanCeased), nameof(PlacementChanged), nameof(CaseworkerChanged),
        nameof(FamilyContactChanged), nameof(FamilySurveyAnswered),
        nameof(MonitoringVisitRecorded),
        nameof(ProvisionAwaited),
        nameof(ProvisionSecured),
    };

    public static CaseEvent? Parse(JsonElement element, Problems problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(null, "an event must be a JSON object");
            return null;
        }

        var fields = new JsonFields(element, problems);
        var id = fields.Id("id") ?? "";
        var type = fields.Text("type");
        var caseId = fields.Id("caseId") ?? "";
        var on = fields.Date("on") ?? default;

        if (type is null)
            return null;
        if (!Types.Contains(type))
        {
            fields.Fail("type", $"{ContractRules.Quote(type)} is not a known event type (expected one of {string.Join(", ", Types)})");
            return null;
        }

        CaseEvent caseEvent = type switch
        {
            nameof(AssessmentRequested) => Requested(fields, id, caseId, on),
            nameof(AssessmentDecision) => new AssessmentDecision(id, caseId, on, fields.Term("decision", ContractSpelling.AssessmentDecisions) ?? default),
            nameof(AdviceRequested) => new AdviceRequested(id, caseId, on, fields.ContactKey("contact") ?? ""),
            nameof(AdviceReceived) => new AdviceReceived(id, caseId, on, fields.ContactKey("contact") ?? ""),
            nameof(DraftPlanIssued) => new DraftPlanIssued(id, caseId, on),
            nameof(FinalPlanIssued) => new FinalPlanIssued(id, caseId, on),
            nameof(PlanNotIssued) => new PlanNotIssued(id, caseId, on),
            nameof(ExceptionRecorded) => Exception(fields, id, caseId, on),
            nameof(ReviewMeetingScheduled) => new ReviewMeetingScheduled(id, caseId, on, fields.Date("meetingOn") ?? default),
            nameof(ReviewMeetingHeld) => new ReviewMeetingHeld(id, caseId, on),
            nameof(ReviewReportReceived) => new ReviewReportReceived(id, caseId, on),
            nameof(ReviewDecision) => new ReviewDecision(id, caseId, on, fields.Term("decision", ContractSpelling.ReviewDecisions) ?? default),
            nameof(AmendedPlanIssued) => new AmendedPlanIssued(id, caseId, on),
            nameof(PlanCeased) => new PlanCeased(id, caseId, on),
            nameof(PlacementChanged) => new PlacementChanged(
                id, caseId, on, fields.Text("settingName") ?? "", fields.Email("settingEmail") ?? "",
                fields.Term("settingType", ContractSpelling.SettingTypes) ?? default),
            nameof(CaseworkerChanged) => new CaseworkerChanged(id, caseId, on, fields.Email("caseworkerEmail") ?? ""),
            nameof(FamilyContactChanged) => new FamilyContactChanged(id, caseId, on, fields.Email("familyEmail", required: false)),
            nameof(FamilySurveyAnswered) => new FamilySurveyAnswered(
                id, caseId, on, fields.Boolean("involved") ?? default, fields.Boolean("communicationGood") ?? default),
            nameof(MonitoringVisitRecorded) => new MonitoringVisitRecorded(id, caseId, on),
            nameof(ProvisionAwaited) => new ProvisionAwaited(id, caseId, on),
            nameof(ProvisionSecured) => new ProvisionSecured(id, caseId, on),
            _ => throw new InvalidOperationException($"event type {type} has no parser"),
        };

        // Placeholders stand in for bad values above so that every problem is found; such an event is discarded.
        if (!problems.Any && CaseEventDates.Problem(caseEvent) is { } dates)
            problems.Add(CaseEventDates.FieldOf(dates), dates);
        return problems.Any ? null : caseEvent;
    }

    static AssessmentRequested Requested(JsonFields fields, string id, string caseId, DateOnly on)
    {
        var initials = fields.Initials("childInitials");
        var dateOfBirth = fields.Date("dateOfBirth");
        if (dateOfBirth > on && on != default)
            fields.Fail("dateOfBirth", "is after the request date (on)");
        var yearGroup = fields.YearGroup("yearGroup");
        var settingName = fields.Text("settingName");
        var settingEmail = fields.Email("settingEmail");
        var caseworkerEmail = fields.Email("caseworkerEmail");
        var familyEmail = fields.Email("familyEmail", required: false);
        return new(id, caseId, on, initials ?? "", dateOfBirth ?? default, yearGroup ?? YearGroup.None,
            settingName ?? "", settingEmail ?? "", caseworkerEmail ?? "", familyEmail);
    }

    static ExceptionRecorded Exception(JsonFields fields, string id, string caseId, DateOnly on)
    {
        var reason = fields.Term("reason", ContractSpelling.ExceptionReasons);
        var from = fields.Date("from");
        var to = fields.Date("to");
        if (from > to)
            fields.Fail("from", "is after to");
        return new(id, caseId, on, reason ?? default, from ?? default, to ?? default);
    }
}
