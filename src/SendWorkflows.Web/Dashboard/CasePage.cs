using System.Globalization;
using System.Text.Json;
using SendWorkflows.Domain;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Web.Dashboard;

/// <summary>Everything recorded about one case: its events, its notifications, its outcomes and its register line.</summary>
public sealed record CaseRecord(
    string CaseId, IReadOnlyList<ProcessedEvent> Events, IReadOnlyList<Notification> Notifications, IReadOnlyList<RecordedOutcome> Outcomes, RegisteredPlan? Plan);

/// <summary>
/// A case's page, below its summary: for an assessment and for the current annual review, every key date, the
/// steps as a GOV.UK task list, what is awaited from whom, and the outcome against each statutory limit.
/// </summary>
public static class CasePage
{
    public static Html Render(CaseRecord record, DateOnly today)
    {
        var assessment = record.Outcomes.Select(o => o.Assessment).OfType<AssessmentOutcome>().FirstOrDefault();
        var requested = First(record, "AssessmentRequested")?.On ?? assessment?.RequestedOn;
        var parts = new List<Html>();
        if (requested is { } on)
        {
            parts.Add(Assessment(record, on, assessment, today));
        }

        if (record.Plan is { } plan)
        {
            parts.Add(Review(record, plan.Entry, today));
        }

        var reviews = record.Outcomes.Select(o => o.Review).OfType<ReviewOutcome>().OrderBy(r => r.Cycle).ToList();
        if (reviews.Count > 0)
        {
            parts.Add(Govuk.Table("review-outcomes", "Annual reviews recorded, against each limit", ["Cycle", "Review due", "Meeting", "Meeting on time", "Decision", "Decision within 4 weeks", "Amended plan on time"],
                reviews.Select(r => Govuk.Row(r.Cycle, Day(r.DueOn), Day(r.MeetingOn), Verdict(r.Meeting), r.Decision is { } d ? Labels.OfEventType(d.ToString()) : "",
                    r.DecisionLimit is { } dl ? Verdict(dl) : Html.Empty, r.AmendedPlan is { } ap ? Verdict(ap) : Html.Empty)),
                "No review cycle has finished yet."));
        }

        return Html.Join(parts);
    }

    static Html Assessment(CaseRecord record, DateOnly requestedOn, AssessmentOutcome? outcome, DateOnly today)
    {
        var deadlines = StatutoryCalendar.Assessment(requestedOn);
        var decision = First(record, "AssessmentDecision");
        var draft = First(record, "DraftPlanIssued");
        var final = First(record, "FinalPlanIssued");
        var notIssued = First(record, "PlanNotIssued");
        var declined = decision is not null && Field(decision, "decision") == "decline";
        var decisionLimit = outcome?.Decision ?? LimitCheck.Evaluate("decision within 6 weeks", deadlines.DecisionDue, decision?.On, today);
        var finalLimit = outcome?.FinalPlan ?? (declined || notIssued is not null ? null : LimitCheck.Evaluate("final plan within 20 weeks", deadlines.FinalPlanDue, final?.On, today));
        var advice = Advice(record, [NotificationKind.AdviceRequest], today);

        var dates = Govuk.SummaryList("assessment-dates",
        [
            ("Request received", Html.Of($"{Day(requestedOn)}")),
            ("Decision due (6 weeks)", Html.Of($"{Day(deadlines.DecisionDue)}")),
            ("Decision", decision is null ? Html.Of($"Not yet made") : Html.Of($"{(declined ? "Not to assess" : "To assess")}, {Day(decision.On)}")),
            ("Draft plan issued", Html.Of($"{(draft is null ? "Not yet" : Day(draft.On))}")),
            ("Final plan due (20 weeks)", Html.Of($"{Day(deadlines.FinalPlanDue)}")),
            ("Final plan issued", Html.Of($"{(final is not null ? Day(final.On) : notIssued is not null ? $"Not issued (decided {Day(notIssued.On)})" : "Not yet")}")),
        ]);
        var tasks = TaskList("assessment-tasks",
        [
            ("Request received", Day(requestedOn), Done()),
            ("Decide whether to assess", $"by {Day(deadlines.DecisionDue)}", decision is null ? Pending(decisionLimit) : Done(decisionLimit)),
            ("Advice from each contributor", advice.Count == 0 ? "none requested yet" : $"{advice.Count(a => a.ReceivedOn is not null)} of {advice.Count} received",
                advice.Count == 0 ? NotStarted() : advice.All(a => a.ReceivedOn is not null) ? Done() : advice.Any(a => a.ReceivedOn is null && a.DueOn < today) ? Late() : InProgress()),
            ("Draft plan", draft is null ? "not issued yet" : Day(draft.On), declined ? NotNeeded() : draft is null ? NotStarted() : Done()),
            ("Final plan", $"by {Day(deadlines.FinalPlanDue)}", finalLimit is null ? NotNeeded() : final is null ? Pending(finalLimit) : Done(finalLimit)),
        ]);
        var limits = new[] { decisionLimit, outcome?.NotToIssue, finalLimit }.OfType<LimitResult>();
        return Html.Of($"""
            <h2 class="govuk-heading-m" id="assessment">EHC needs assessment</h2>
            {tasks}{dates}
            {AdviceTable("assessment-advice", "Advice for the assessment: who has sent it and who is awaited", advice)}
            {Govuk.Table("assessment-limits", "The assessment against each statutory limit", ["Limit", "Due", "Done", "Result"],
                limits.Select(l => Govuk.Row(l.Limit, Day(l.DueOn), Day(l.DoneOn), Verdict(l))), "No limit applies yet.")}
            """);
    }

    static Html Review(CaseRecord record, RegisterEntry entry, DateOnly today)
    {
        // The current cycle: events since the last review (or the plan's load), so an earlier cycle's meeting is not shown as this one's.
        var since = entry.LastReviewOn ?? DateOnly.MinValue;
        DateOnly? MeetingFixed() => Last(record, "ReviewMeetingScheduled", since) is { } e && DateOnly.TryParseExact(Field(e, "meetingOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var fixedFor = MeetingFixed();
        var held = Last(record, "ReviewMeetingHeld", since);
        var report = Last(record, "ReviewReportReceived", since);
        var decision = held is null ? null : Last(record, "ReviewDecision", held.On);
        var amended = decision is null ? null : Last(record, "AmendedPlanIssued", decision.On);
        var meetingOn = held?.On ?? fixedFor;
        var decisionDue = meetingOn is { } m ? StatutoryCalendar.ReviewDecisionDue(m) : (DateOnly?)null;
        var amend = decision is not null && Field(decision, "decision") == "amend";
        var amendedDue = amend ? StatutoryCalendar.AmendedPlanDue(decision!.On) : (DateOnly?)null;
        var advice = Advice(record, [NotificationKind.ReviewAdviceRequest], today, since);
        var meetingLimit = LimitCheck.Evaluate("meeting by the review due date", entry.NextReviewDue, held?.On, today);

        var dates = Govuk.SummaryList("review-dates",
        [
            ("Review due", Html.Of($"{Day(entry.NextReviewDue)}")),
            ("Target meeting date", Html.Of($"{Day(entry.TargetMeetingOn)}{(entry.Transfer == TransferKind.None ? "" : $" ({Labels.Of(entry.Transfer).ToLowerInvariant()})")}")),
            ("Meeting", held is not null ? Html.Of($"Held on {Day(held.On)}") : fixedFor is { } f ? Html.Of($"Fixed for {Day(f)}") : Html.Of($"Not fixed yet")),
            ("Report from the setting", Html.Of($"{(report is null ? "Not received yet" : $"Received {Day(report.On)}")}")),
            ("Decision due (4 weeks after the meeting)", Html.Of($"{(decisionDue is { } dd ? Day(dd) : "Once the meeting is held")}")),
            ("Decision", decision is null ? Html.Of($"Not yet made") : Html.Of($"{Labels.OfEventType(Field(decision, "decision") ?? "")}, {Day(decision.On)}")),
            ("Amended plan due (8 weeks after the decision)", Html.Of($"{(amendedDue is { } ad ? Day(ad) : amend ? "" : "Only if the plan is amended")}")),
            ("Amended plan issued", Html.Of($"{(amended is null ? (amend ? "Not yet" : "") : Day(amended.On))}")),
        ]);
        var tasks = TaskList("review-tasks",
        [
            ("Fix the meeting", fixedFor is { } ff ? $"fixed for {Day(ff)}" : $"target {Day(entry.TargetMeetingOn)}", fixedFor is not null || held is not null ? Done() : entry.TargetMeetingOn < today ? Late() : NotStarted()),
            ("Advice from each contributor", advice.Count == 0 ? "requested once the meeting is fixed" : $"{advice.Count(a => a.ReceivedOn is not null)} of {advice.Count} received",
                advice.Count == 0 ? NotStarted() : advice.All(a => a.ReceivedOn is not null) ? Done() : advice.Any(a => a.ReceivedOn is null && a.DueOn < today) ? Late() : InProgress()),
            ("Hold the meeting", $"by {Day(entry.NextReviewDue)}", held is null ? Pending(meetingLimit) : Done(meetingLimit)),
            ("Decide: maintain, amend or cease", decisionDue is { } due ? $"by {Day(due)}" : "after the meeting",
                decision is not null ? Done(LimitCheck.Evaluate("decision", decisionDue!.Value, decision.On, today)) : decisionDue is { } d2 ? Pending(LimitCheck.Evaluate("decision", d2, null, today)) : NotStarted()),
            ("Issue the amended plan", amendedDue is { } a2 ? $"by {Day(a2)}" : "only if the plan is amended",
                amendedDue is null ? (decision is null ? NotStarted() : NotNeeded()) : amended is not null ? Done(LimitCheck.Evaluate("amended", amendedDue.Value, amended.On, today)) : Pending(LimitCheck.Evaluate("amended", amendedDue.Value, null, today))),
        ]);
        return Html.Of($"""
            <h2 class="govuk-heading-m" id="review">Annual review</h2>
            {tasks}{dates}
            {AdviceTable("review-advice", "Advice for the review: who has sent it and who is awaited", advice)}
            """);
    }

    /// <summary>One contributor asked for advice: when, by when, and when it arrived (null: still awaited).</summary>
    sealed record AdviceAsked(string Contact, string To, DateOnly RequestedOn, DateOnly DueOn, DateOnly? ReceivedOn);

    static List<AdviceAsked> Advice(CaseRecord record, NotificationKind[] kinds, DateOnly today, DateOnly since = default)
    {
        var received = record.Events.Where(e => e.Type == "AdviceReceived").Select(e => (Contact: Field(e, "contact") ?? "", e.On)).ToList();
        return record.Notifications
            .Where(n => kinds.Contains(n.Kind) && n.On >= since && n.Facts.ContactKey is not null && n.DueOn is not null)
            .GroupBy(n => n.Facts.ContactKey!, StringComparer.Ordinal)
            .Select(g => g.OrderBy(n => n.On).Last())
            .Select(n => new AdviceAsked(n.Facts.ContactKey!, string.Join(", ", n.To), n.On, n.DueOn!.Value,
                received.Where(r => r.Contact == n.Facts.ContactKey && r.On >= n.On).Select(r => (DateOnly?)r.On).FirstOrDefault()))
            .OrderBy(a => a.Contact, StringComparer.Ordinal)
            .ToList();
    }

    static Html AdviceTable(string id, string caption, IReadOnlyList<AdviceAsked> advice) => Govuk.Table(id, caption, ["Contributor", "Asked", "Due", "Received", "Status"],
        advice.Select(a => Govuk.Row(Html.Of($"{a.Contact}<br><span class=\"govuk-hint\">{a.To}</span>"), Day(a.RequestedOn), Day(a.DueOn), Day(a.ReceivedOn),
            a.ReceivedOn is { } r ? Govuk.Tag(r <= a.DueOn ? "Received on time" : "Received late", r <= a.DueOn ? "green" : "orange")
            : Govuk.Tag("Awaited", "blue"))),
        "Nobody has been asked for advice yet.");

    static Html TaskList(string id, IEnumerable<(string Name, string Hint, Html Status)> tasks) => Html.Of($"""
        <ul class="govuk-task-list" id="{id}">{Html.Join(tasks.Select(t => Html.Of($"""
            <li class="govuk-task-list__item"><div class="govuk-task-list__name-and-hint"><div>{t.Name}</div><div class="govuk-task-list__hint">{t.Hint}</div></div><div class="govuk-task-list__status">{t.Status}</div></li>
            """)))}</ul>
        """);

    static Html Done(LimitResult? limit = null) => limit?.Status == LimitStatus.Missed ? Html.Of($"Completed late") : Html.Of($"Completed");

    static Html Pending(LimitResult limit) => limit.Status == LimitStatus.Missed ? Late() : InProgress();

    static Html Late() => Govuk.Tag("Overdue", "red");

    static Html InProgress() => Govuk.Tag("In progress", "light-blue");

    static Html NotStarted() => Govuk.Tag("Not yet started", "grey");

    static Html NotNeeded() => Html.Of($"Not needed");

    static Html Verdict(LimitResult limit) => Govuk.Tag(Labels.Of(limit.Status), limit.Status switch
    {
        LimitStatus.Met => "green",
        LimitStatus.Missed => "red",
        _ => "grey",
    });

    static ProcessedEvent? First(CaseRecord record, string type) => record.Events.Where(e => e.Type == type).OrderBy(e => e.On).FirstOrDefault();

    static ProcessedEvent? Last(CaseRecord record, string type, DateOnly since) => record.Events.Where(e => e.Type == type && e.On >= since).OrderBy(e => e.On).LastOrDefault();

    static string? Field(ProcessedEvent e, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(e.Json);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Day(DateOnly? day) => UkDate.Short(day);
}
