using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>
/// The one place that turns the engine's code names into the words people read, on pages and in e-mails:
/// notification kinds (the e-mails' own subject labels, <see cref="KindWording"/>), contact roles, setting types,
/// phase transfers and the verdict on a statutory limit. Nothing shown to people prints an enum's name.
/// </summary>
public static class Labels
{
    public static string Of(NotificationKind kind) => KindWordings.For(kind).SubjectLabel;

    /// <summary>One notification's label, as its own e-mail's subject begins (an escalation on arrival reads differently).</summary>
    public static string Of(Notification notification) => KindWordings.For(notification).SubjectLabel;

    public static string Of(ContactRole role) => KindWordings.Describe(role);

    /// <summary>Where a placement's monitoring visit stands.</summary>
    public static string Of(MonitoringVisitStatus status) => status switch
    {
        MonitoringVisitStatus.NotMonitored => "Not visited",
        MonitoringVisitStatus.Scheduled => "Not yet due",
        MonitoringVisitStatus.Due => "Due",
        MonitoringVisitStatus.Overdue => "Overdue",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, $"No label for monitoring visit status {status}."),
    };

    /// <summary>A workflow by what it does, from its orchestrator's name; a name this does not know is shown as it is.</summary>
    public static string OfWorkflow(string orchestrator) => orchestrator switch
    {
        "AssessmentOrchestrator" => "Needs assessment",
        "AdviceRequestOrchestrator" => "Advice request",
        "AnnualReviewOrchestrator" => "Annual review",
        "MonitoringVisitOrchestrator" => "Monitoring visits",
        "TermlyReviewListOrchestrator" => "Termly review lists",
        "WeeklyDigestOrchestrator" => "Weekly digest",
        "MonthlyReportOrchestrator" => "Monthly report",
        _ => orchestrator,
    };

    public static string Of(SettingType type) => type switch
    {
        SettingType.Mainstream => "Mainstream school",
        SettingType.Special => "Special school",
        SettingType.Independent => "Independent school",
        SettingType.OutOfArea => "School outside the area",
        SettingType.Residential => "Residential school",
        SettingType.HomeEducated => "Educated at home",
        SettingType.Post16 => "Post-16 (college)",
        SettingType.EarlyYears => "Early years",
        SettingType.None => "No setting",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"No label for setting type {type}."),
    };

    public static string Of(TransferKind transfer) => transfer switch
    {
        TransferKind.None => "",
        TransferKind.School => "Moving school",
        TransferKind.Post16 => "Moving to post-16",
        _ => throw new ArgumentOutOfRangeException(nameof(transfer), transfer, $"No label for transfer {transfer}."),
    };

    public static string Of(LimitStatus status) => status switch
    {
        LimitStatus.Met => "Met",
        LimitStatus.Missed => "Missed",
        LimitStatus.Pending => "Not yet due",
        LimitStatus.NotApplicable => "Does not apply",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, $"No label for limit status {status}."),
    };

    public static string Of(KpiMeasure measure, ContactRole? role = null) => measure switch
    {
        KpiMeasure.NewPlansWithin20Weeks => "New plans issued within 20 weeks",
        KpiMeasure.NewPlansWithin20WeeksExcludingExceptions => "New plans within 20 weeks, excluding exceptions",
        KpiMeasure.ReviewsOnTime => "Annual reviews on time",
        KpiMeasure.SchoolTransferReviewsOnTime => "Reviews on time: moving school",
        KpiMeasure.Post16TransferReviewsOnTime => "Reviews on time: moving to post-16",
        KpiMeasure.OtherReviewsOnTime => "Reviews on time: other reviews",
        KpiMeasure.AmendedPlansWithin12Weeks => "Amended plans within 12 weeks of the meeting",
        KpiMeasure.AdviceWithinSixWeeks => role is { } r ? $"Advice within 6 weeks: {Of(r)}" : "Advice within 6 weeks",
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, $"No label for KPI {measure}."),
    };

    /// <summary>A rate as people read it: "75% (3 of 4)", or why there is none.</summary>
    public static string Of(Rate rate) => rate.Percent is { } percent
        ? $"{percent.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% ({rate.Count} of {rate.Total})"
        : "none due";

    /// <summary>A case event type of the contract ("AdviceReceived") as words ("Advice received").</summary>
    public static string OfEventType(string type)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(type, "(?<=[a-z0-9])(?=[A-Z])", " ").ToLowerInvariant();
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
