namespace SendWorkflows.Domain;

/// <summary>The verdict on one statutory limit, as of a given day.</summary>
public static class LimitCheck
{
    /// <summary>
    /// Met when done on or before the due date; Missed when done after it, or not done and <paramref name="asOf"/> is
    /// past it; otherwise Pending. The due day itself still counts as in time.
    /// </summary>
    public static LimitResult Evaluate(string limit, DateOnly due, DateOnly? doneOn, DateOnly asOf)
    {
        var status = doneOn switch
        {
            { } done when done <= due => LimitStatus.Met,
            not null => LimitStatus.Missed,
            null when asOf > due => LimitStatus.Missed,
            _ => LimitStatus.Pending,
        };
        return new LimitResult(limit, due, doneOn, status);
    }
}

/// <summary>
/// Reg 10(4) exceptions. They are recorded facts that excuse a missed limit; they never move a due date or pause a
/// clock, so an assessment with an exception is reported both with and without it.
/// </summary>
public static class Reg10Exceptions
{
    /// <summary>Closures and absence must last at least 4 continuous weeks (reg 10(4)(a), (b), (d)).</summary>
    public const int MinimumContinuousDays = 28;

    /// <summary>
    /// Whether a recorded exception can excuse the 20-week limit of an assessment requested on
    /// <paramref name="requestedOn"/>: its period is well formed, overlaps the 20 weeks, and (except for personal
    /// circumstances) lasts at least 4 weeks.
    /// </summary>
    public static bool IsValid(RecordedException exception, DateOnly requestedOn)
    {
        if (exception.To < exception.From)
        {
            return false;
        }

        var finalPlanDue = StatutoryCalendar.Assessment(requestedOn).FinalPlanDue;
        var overlaps = exception.From <= finalPlanDue && exception.To >= requestedOn;
        var longEnough = exception.Reason == ExceptionReason.PersonalCircumstances
            || exception.To.DayNumber - exception.From.DayNumber + 1 >= MinimumContinuousDays;
        return overlaps && longEnough;
    }

    public static IReadOnlyList<RecordedException> ValidFor(AssessmentOutcome outcome) =>
        outcome.Exceptions.Where(e => IsValid(e, outcome.RequestedOn)).ToList();

    public static bool HasValidException(AssessmentOutcome outcome) =>
        outcome.Exceptions.Any(e => IsValid(e, outcome.RequestedOn));

    /// <summary>The 20-week limit reported both ways: its plain verdict, and whether a valid exception excuses it.</summary>
    public static ExcusableLimit FinalPlan(DateOnly requestedOn, DateOnly? issuedOn, IEnumerable<RecordedException> exceptions, DateOnly asOf)
    {
        var limit = LimitCheck.Evaluate("final plan within 20 weeks", StatutoryCalendar.Assessment(requestedOn).FinalPlanDue, issuedOn, asOf);
        return new ExcusableLimit(limit, exceptions.Where(e => IsValid(e, requestedOn)).ToList());
    }
}

/// <summary>
/// A limit with the exceptions that may excuse it. <see cref="Limit"/> is never changed by an exception: a plan
/// issued late is Missed, and <see cref="Excused"/> says separately that a valid reg 10(4) exception applies.
/// </summary>
public sealed record ExcusableLimit(LimitResult Limit, IReadOnlyList<RecordedException> ValidExceptions)
{
    public bool Excused => Limit.Status == LimitStatus.Missed && ValidExceptions.Count > 0;
}
