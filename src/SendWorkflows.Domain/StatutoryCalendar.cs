namespace SendWorkflows.Domain;

/// <summary>The statutory due dates of one EHC needs assessment, all counted from the day the request was received.</summary>
public sealed record AssessmentDeadlines(
    DateOnly RequestReceived,
    DateOnly DecisionDue,
    DateOnly NotToIssueDue,
    DateOnly FinalPlanDue);

/// <summary>
/// The limits of the SEND Regulations 2014 as date arithmetic. Every limit is in calendar days or weeks: the
/// regulations exclude no weekends or holidays, so nothing here is ever moved to a working day (only send dates are).
/// </summary>
public static class StatutoryCalendar
{
    /// <summary>Reg 5(1) decision 6 weeks, reg 10 not-to-issue 16 weeks, reg 13(2) final plan 20 weeks.</summary>
    public static AssessmentDeadlines Assessment(DateOnly requestReceived) => new(
        requestReceived,
        DecisionDue: Weeks(requestReceived, 6),
        NotToIssueDue: Weeks(requestReceived, 16),
        FinalPlanDue: Weeks(requestReceived, 20));

    /// <summary>Reg 8(1): 6 weeks from when <em>that</em> contributor was asked, not from the assessment request.</summary>
    public static DateOnly AdviceDue(DateOnly adviceRequestedOn) => Weeks(adviceRequestedOn, 6);

    /// <summary>Reg 13(1): the family has at least 15 days to comment on a draft plan.</summary>
    public static DateOnly DraftCommentWindowEnds(DateOnly draftIssuedOn) => draftIssuedOn.AddDays(15);

    /// <summary>Reg 20(10) / 22(2)(a): the decision to maintain, amend or cease within 4 weeks of the review meeting.</summary>
    public static DateOnly ReviewDecisionDue(DateOnly meetingOn) => Weeks(meetingOn, 4);

    /// <summary>Reg 22(3): the final amended plan within 8 weeks of the amendment notice.</summary>
    public static DateOnly AmendedPlanDue(DateOnly decisionOn) => Weeks(decisionOn, 8);

    /// <summary>The outer bound of 4 + 8 weeks after the meeting (R (L, M, P) v Devon CC [2022]).</summary>
    public static DateOnly AmendedPlanLatest(DateOnly meetingOn) => Weeks(meetingOn, 12);

    static DateOnly Weeks(DateOnly from, int weeks) => from.AddDays(7 * weeks);
}
