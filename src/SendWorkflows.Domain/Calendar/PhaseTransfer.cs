namespace SendWorkflows.Domain;

/// <summary>
/// Reg 18: in the academic year before a child moves school phase, the plan must be reviewed and amended by
/// 15 February (school to school) or 31 March (secondary to post-16) of the calendar year the move happens.
/// </summary>
public static class PhaseTransfer
{
    /// <summary>
    /// The transfer at the end of an academic year in which the child is in <paramref name="yearGroupInThatAcademicYear"/>:
    /// N2 (to reception) and Year 6 (to Year 7) move school, Year 11 moves to post-16. A caseload override wins.
    /// </summary>
    public static TransferKind For(YearGroup yearGroupInThatAcademicYear, TransferKind? @override = null)
    {
        if (@override is { } chosen)
        {
            return chosen;
        }

        if (yearGroupInThatAcademicYear == YearGroup.Nursery2 || yearGroupInThatAcademicYear == YearGroup.Year(6))
        {
            return TransferKind.School;
        }

        return yearGroupInThatAcademicYear == YearGroup.Year(11) ? TransferKind.Post16 : TransferKind.None;
    }

    /// <summary>The date the amended plan must be final by, in the calendar year <paramref name="academicYear"/> ends.</summary>
    public static DateOnly Deadline(TransferKind kind, AcademicYear academicYear) => kind switch
    {
        TransferKind.School => new DateOnly(academicYear.EndYear, 2, 15),
        TransferKind.Post16 => new DateOnly(academicYear.EndYear, 3, 31),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only a school or post-16 transfer has a deadline."),
    };
}
