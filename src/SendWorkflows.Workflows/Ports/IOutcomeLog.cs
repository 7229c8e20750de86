using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// Where workflows record what each finished assessment and review cycle achieved against the statutory limits:
/// the input of the KPIs. Keyed, so an activity that runs twice records once; a later record under the same key
/// (a late amended plan) replaces the earlier one.
/// </summary>
public interface IOutcomeLog
{
    Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default);

    IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>One case's outcomes (its page); a store that keeps them by case overrides this scan (ADR 0103).</summary>
    IAsyncEnumerable<RecordedOutcome> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        AllAsync(cancellationToken).Where(o => o.CaseId == caseId);
}

/// <summary>
/// One outcome under its deterministic key: exactly one of the two outcomes is set. <paramref name="Open"/> marks a
/// review cycle recorded when its target passed without a meeting, so the KPIs count it; the cycle's final outcome
/// replaces it under the same key.
/// </summary>
public sealed record RecordedOutcome(
    string Key, AssessmentOutcome? Assessment = null, ReviewOutcome? Review = null, bool Open = false, FamilySurveyOutcome? Survey = null)
{
    public string CaseId => Assessment?.CaseId ?? Review?.PlanId ?? Survey?.PlanId ?? throw new InvalidOperationException("An outcome needs a case.");

    /// <summary>The date the outcome was decided: when the assessment ended, the review cycle closed or the survey was sent or answered.</summary>
    public DateOnly On => Assessment?.EndedOn ?? Survey?.AnsweredOn ?? Survey?.SentOn ?? Review?.DecisionOn ?? Review?.MeetingOn ?? Review!.DueOn;
}
