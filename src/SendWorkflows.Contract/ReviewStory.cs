using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>
/// One plan's annual review in the generated year, as the setting and the council record it: the meeting fixed
/// weeks ahead, the contributors' advice, the meeting held, the report, the decision (mostly maintain, often amend,
/// a few cease) and the amended plan. About three in four meetings are held by their target date, as councils
/// report; the rest are late, a few not held in the year; reports, decisions and amended plans are sometimes late.
/// A review already overdue on the load date (the backlog) is held late. Events after 31 August are left out.
/// </summary>
sealed class ReviewStory(Random random, PlanRecord plan, DateOnly loadedOn, ContactsDirectory contacts)
{
    const double OnTime = 0.76;
    const double NotHeldThisYear = 0.04;

    readonly DateOnly endOfYear = loadedOn.AddYears(1).AddDays(-1);
    readonly List<CaseEvent> events = [];

    public IReadOnlyList<CaseEvent> Events()
    {
        // The target date exactly as the review workflow works it out (contract section 4).
        var due = ReviewDates.Due(plan.PlanIssuedOn, plan.LastReviewOn, plan.DateOfBirth, ReviewPolicy.Default);
        var transfer = AcademicYear.Containing(due) == AcademicYear.Containing(loadedOn) ? plan.Transfer : null;
        var target = ReviewTarget.For(due, plan.YearGroup, loadedOn, transfer).Target;
        if (target > endOfYear)
            return events;

        var roll = random.NextDouble();
        if (target >= loadedOn && roll < NotHeldThisYear)
            return events;

        var earliestMeeting = loadedOn.AddDays(21);
        var late = target < earliestMeeting || roll >= NotHeldThisYear + OnTime;
        var meetingOn = late
            ? Dates.Weekday(Dates.Latest(target, earliestMeeting).AddDays(random.Next(7, 75))) // the backlog, or a meeting that slipped
            : WeekdayOnOrBefore(Dates.Latest(target.AddDays(-random.Next(0, 36)), earliestMeeting));

        var fixedOn = Clear(Dates.Latest(loadedOn.AddDays(random.Next(0, 5)), meetingOn.AddDays(-random.Next(42, 71))),
            loadedOn, target.AddDays(-70), target.AddDays(-42), target.AddDays(-28));
        Add(id => new ReviewMeetingScheduled(id, plan.PlanId, fixedOn, meetingOn));
        Advice(fixedOn, meetingOn);
        Add(id => new ReviewMeetingHeld(id, plan.PlanId, meetingOn));

        // Two weeks for the setting's report and four for the council's decision; some of each are late.
        // The decision follows the report: a decision closes the cycle, so a report after it would belong to none.
        var reportOn = Clear(meetingOn.AddDays(random.NextDouble() < 0.85 ? random.Next(2, 14) : random.Next(16, 30)), meetingOn.AddDays(15));
        Add(id => new ReviewReportReceived(id, plan.PlanId, reportOn));
        var decidedOn = Clear(Dates.Latest(
            meetingOn.AddDays(random.NextDouble() < 0.88 ? random.Next(15, 27) : random.Next(30, 45)), reportOn.AddDays(1)),
            meetingOn.AddDays(21), meetingOn.AddDays(29));
        var decision = random.NextDouble() switch
        {
            < 0.04 => ReviewDecisionKind.Cease,
            < 0.40 => ReviewDecisionKind.Amend,
            _ => ReviewDecisionKind.Maintain,
        };
        Add(id => new ReviewDecision(id, plan.PlanId, decidedOn, decision));

        // Eight weeks from the decision to the amended plan; about one in five is late.
        if (decision == ReviewDecisionKind.Amend)
            Add(id => new AmendedPlanIssued(id, plan.PlanId, Clear(
                decidedOn.AddDays(random.NextDouble() < 0.8 ? random.Next(21, 54) : random.Next(58, 90)), decidedOn.AddDays(42), decidedOn.AddDays(57))));
        return events;
    }

    /// <summary>Each contributor the workflow asks (the plan's, and preparing for adulthood from Year 9) answers, a few late or not at all.</summary>
    void Advice(DateOnly fixedOn, DateOnly meetingOn)
    {
        var asked = (plan.Contributors ?? []).ToList();
        var adulthood = contacts.Contacts.Values.FirstOrDefault(c => c.Role == ContactRole.PreparingForAdulthood)?.Key;
        if (adulthood is not null && !asked.Contains(adulthood, StringComparer.OrdinalIgnoreCase)
            && YearGroups.On(plan.YearGroup, loadedOn, meetingOn) >= YearGroup.Year(9))
            asked.Add(adulthood);

        var adviceDue = meetingOn.AddDays(-14);
        foreach (var contact in asked)
        {
            var roll = random.NextDouble();
            if (roll < 0.05)
                continue;
            var receivedOn = roll < 0.8
                ? Dates.Between(random, fixedOn.AddDays(3), Dates.Latest(fixedOn.AddDays(3), adviceDue))
                : adviceDue.AddDays(random.Next(1, 12));
            receivedOn = Clear(receivedOn, adviceDue.AddDays(-7), adviceDue.AddDays(1), adviceDue.AddDays(10));
            if (receivedOn >= meetingOn)
                continue; // advice still missing at the meeting is never sent
            Add(id => new AdviceReceived(id, plan.PlanId, receivedOn, contact));
        }
    }

    /// <summary>
    /// A weekday clear of the days on which the workflow sends a notification that this event would stop (the step's
    /// date and the next three, where a weekend or bank holiday moves it): live, events and that day's 07:00 sends
    /// are seconds apart on the demo's fast clock, so the same day would make the demo's e-mails depend on timing.
    /// </summary>
    static DateOnly Clear(DateOnly date, params DateOnly[] steps)
    {
        date = Dates.Weekday(date);
        for (var tries = 0; tries < 8 && steps.Any(step => date >= step && date <= step.AddDays(3)); tries++)
            date = Dates.Weekday(date.AddDays(4));
        return date;
    }

    static DateOnly WeekdayOnOrBefore(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(-2),
        _ => date,
    };

    void Add(Func<string, CaseEvent> create)
    {
        var caseEvent = create($"{plan.PlanId}-R{events.Count + 1:D2}");
        if (caseEvent.On <= endOfYear && caseEvent.On >= loadedOn)
            events.Add(caseEvent);
    }
}
