namespace SendWorkflows.Domain;

/// <summary>
/// How often plans are reviewed. The law says within 12 months; Code 9.178 asks authorities to consider every 3-6
/// months for children under 5. The default keeps 12 so the contract's default timetable holds.
/// </summary>
public sealed record ReviewPolicy(int Under5IntervalMonths = 12)
{
    public static ReviewPolicy Default { get; } = new();

    /// <summary>1 to 12 months: the law's 12 months is the longest any child may wait.</summary>
    public int Under5IntervalMonths { get; init => field = Validated(value); } = Validated(Under5IntervalMonths);

    public const int IntervalMonths = 12;

    static int Validated(int months) => months is >= 1 and <= IntervalMonths
        ? months
        : throw new ArgumentOutOfRangeException(nameof(months), months, "The under-5 review interval must be 1 to 12 months.");
}

/// <summary>When an annual review falls due (CFA 2014 s.44, reg 18).</summary>
public static class ReviewDates
{
    /// <summary>
    /// 12 calendar months after the last review, or after the plan was issued when there was none yet. A child under
    /// 5 on that base date uses <see cref="ReviewPolicy.Under5IntervalMonths"/>. Calendar months clamp to the month's
    /// end (29 February plus 12 months is 28 February): the limit is "within 12 months", so never later.
    /// </summary>
    public static DateOnly Due(DateOnly planIssuedOn, DateOnly? lastReviewOn, DateOnly dateOfBirth, ReviewPolicy policy)
    {
        var from = lastReviewOn ?? planIssuedOn;
        var months = AgeInYears(dateOfBirth, from) < 5 ? policy.Under5IntervalMonths : ReviewPolicy.IntervalMonths;
        return from.AddMonths(months);
    }

    /// <summary>Whole years completed on <paramref name="on"/>; a 29 February birthday counts from 1 March in other years.</summary>
    public static int AgeInYears(DateOnly dateOfBirth, DateOnly on)
    {
        var age = on.Year - dateOfBirth.Year;
        var hadBirthdayThisYear = on.Month > dateOfBirth.Month || (on.Month == dateOfBirth.Month && on.Day >= dateOfBirth.Day);
        return hadBirthdayThisYear ? age : age - 1;
    }
}

/// <summary>
/// One review cycle's dates: the statutory due date, the target meeting date, and the phase transfer if any.
/// In a transfer cycle the meeting must leave 4 weeks to decide and 8 to finalise before
/// the reg 18 deadline, so it is held by the deadline minus 12 weeks when that is earlier than the due date.
/// </summary>
public sealed record ReviewTarget(DateOnly Due, DateOnly Target, TransferKind Transfer, DateOnly? TransferDeadline)
{
    /// <summary>4 weeks to decide plus 8 weeks to finalise (reg 20(10), reg 22(3)).</summary>
    public const int WeeksBeforeTransferDeadline = 12;

    /// <summary>
    /// The cycle is a transfer cycle when the child's year group in the academic year containing <paramref name="due"/>
    /// is a transfer year (or the override says so).
    /// </summary>
    public static ReviewTarget For(DateOnly due, YearGroup atLoad, DateOnly loadedOn, TransferKind? @override = null)
    {
        var academicYear = AcademicYear.Containing(due);
        var transfer = PhaseTransfer.For(YearGroups.On(atLoad, loadedOn, due), @override);
        if (transfer == TransferKind.None)
        {
            return new(due, due, transfer, null);
        }

        var deadline = PhaseTransfer.Deadline(transfer, academicYear);
        var latest = deadline.AddDays(-7 * WeeksBeforeTransferDeadline);
        return new(due, latest < due ? latest : due, transfer, deadline);
    }
}
