using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>
/// One fictional EHC needs assessment: the request and what followed, as case events. Events after the academic
/// year (31 August) have not happened yet and are left out. Timings straddle the statutory limits so that some
/// decisions, advice and plans are late: the point of the engine is to catch them.
/// </summary>
sealed class AssessmentStory(Random random, CaseloadGenerator.SettingPool settings, int academicYear, int number)
{
    static readonly string[] Areas = ["north", "south", "east", "west"];

    readonly string caseId = $"REQ-{academicYear}-{number:D4}";
    readonly DateOnly endOfYear = new(academicYear + 1, 8, 31);
    readonly List<CaseEvent> events = [];

    public IReadOnlyList<CaseEvent> Events()
    {
        var requestedOn = Dates.Weekday(Dates.Between(random, new(academicYear, 9, 1), new(academicYear + 1, 7, 20)));
        var yearGroup = RequestYearGroup();
        var setting = settings.For(random, yearGroup);
        Add(id => new AssessmentRequested(id, caseId, requestedOn, CaseloadGenerator.Initials(random),
            Dates.BirthFor(random, yearGroup, academicYear), yearGroup, setting.Name, setting.Email, CaseloadGenerator.Caseworker(random)));

        // Six weeks to decide; about one decision in six is late.
        var decidedOn = Dates.Weekday(requestedOn.AddDays(random.NextDouble() < 0.85 ? random.Next(21, 40) : random.Next(43, 60)));
        var assess = random.NextDouble() < 0.85;
        Add(id => new AssessmentDecision(id, caseId, decidedOn, assess ? AssessmentDecisionKind.Assess : AssessmentDecisionKind.Decline));
        if (!assess)
            return events;

        RequestAdvice(decidedOn, yearGroup);
        RecordExceptions(requestedOn);

        if (random.NextDouble() < 0.05)
        {
            Add(id => new PlanNotIssued(id, caseId, Dates.Weekday(requestedOn.AddDays(random.Next(84, 112)))));
            return events;
        }

        // Twenty weeks to the final plan; about a third are late, as in the councils' published figures (60-75% on
        // time). Late plans of requests made late in the year fall after it, so the year's own figure reads higher.
        var draftOn = Dates.Weekday(requestedOn.AddDays(random.Next(84, 112)));
        Add(id => new DraftPlanIssued(id, caseId, draftOn));
        var finalOn = Dates.Weekday(random.NextDouble() < 0.62
            ? Dates.Between(random, draftOn.AddDays(15), Dates.Latest(draftOn.AddDays(15), requestedOn.AddDays(140)))
            : requestedOn.AddDays(random.Next(141, 190)));
        Add(id => new FinalPlanIssued(id, caseId, finalOn));
        return events;
    }

    void RequestAdvice(DateOnly decidedOn, YearGroup yearGroup)
    {
        var area = Areas[random.Next(Areas.Length)];
        List<string> contacts = [$"ep-{area}", $"hp-{area}"];
        if (random.NextDouble() < 0.6)
            contacts.Add($"sc-{area}");
        if (random.NextDouble() < 0.2)
            contacts.Add("edu-sensory");
        if (yearGroup >= YearGroup.Year(9))
            contacts.Add("pfa");

        foreach (var contact in contacts)
        {
            var askedOn = Dates.Weekday(decidedOn.AddDays(random.Next(0, 4)));
            Add(id => new AdviceRequested(id, caseId, askedOn, contact));

            // Six weeks to give advice; a fifth arrive late and a few never do.
            var roll = random.NextDouble();
            if (roll < 0.05)
                continue;
            var receivedOn = Dates.Weekday(askedOn.AddDays(roll < 0.80 ? random.Next(14, 42) : random.Next(43, 75)));
            Add(id => new AdviceReceived(id, caseId, receivedOn, contact));
        }
    }

    /// <summary>A summer-holiday closure for assessments running over it, and the odd personal circumstance.</summary>
    void RecordExceptions(DateOnly requestedOn)
    {
        var summerStarts = new DateOnly(academicYear + 1, 7, 22);
        if (requestedOn.AddDays(140) > summerStarts && random.NextDouble() < 0.5)
            Add(id => new ExceptionRecorded(id, caseId, Dates.Weekday(Dates.Latest(requestedOn, summerStarts.AddDays(-7))), ExceptionReason.SchoolClosure, summerStarts, new(academicYear + 1, 9, 2)));
        else if (random.NextDouble() < 0.03)
        {
            var from = Dates.Weekday(requestedOn.AddDays(random.Next(30, 90)));
            Add(id => new ExceptionRecorded(id, caseId, from, ExceptionReason.PersonalCircumstances, from, from.AddDays(random.Next(28, 50))));
        }
    }

    /// <summary>Requests come mostly for young children.</summary>
    YearGroup RequestYearGroup() => random.NextDouble() switch
    {
        < 0.10 => YearGroup.Nursery2,
        < 0.25 => YearGroup.Reception,
        < 0.70 => YearGroup.Year(random.Next(1, 7)),
        < 0.95 => YearGroup.Year(random.Next(7, 12)),
        _ => YearGroup.Year(random.Next(12, 14)),
    };

    void Add(Func<string, CaseEvent> create)
    {
        var caseEvent = create($"{caseId}-{events.Count + 1:D2}");
        if (caseEvent.On <= endOfYear)
            events.Add(caseEvent);
    }
}
