using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SendWorkflows.Contract;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Loading;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Web.Intake;

/// <summary>How a rejected item can be sent again: as a case event, as a caseload row, or not at all (fix the file).</summary>
public enum CorrectionKind
{
    None,
    CaseEvent,
    CaseloadRow,
}

/// <summary>One field of a correction form: its name, the value kept with the item, and whether the value was not kept.</summary>
public sealed record CorrectionField(string Name, string Value, bool NotKept);

/// <summary>A problem with a correction, naming the form field at fault when there is one.</summary>
public sealed record CorrectionProblem(string? Field, string Message);

/// <summary>What a correction or dismissal did: problems to show on the form, or the note kept with the item.</summary>
public sealed record CorrectionOutcome(IReadOnlyList<CorrectionProblem> Problems, string? Note = null)
{
    public bool Succeeded => Problems.Count == 0;

    public static CorrectionOutcome Failed(string? field, string message) => new([new CorrectionProblem(field, message)]);
}

/// <summary>
/// An administrator's correction of a rejected item (ADR 0110). The corrected item goes through the same way in as a
/// new one: a case event through the contract's reader and <see cref="CaseEventIntake"/>, a caseload row through
/// <see cref="CaseloadImport"/> (which writes the import log). What the reader or the import would reject is shown on
/// the form and not stored again; what the workflows refuse is kept like any refused input. On success the item is
/// settled as resolved, with who, when and what became of it; it is never deleted. Values the store did not keep
/// (initials, dates of birth, e-mail addresses) are typed into the form and go only into the resubmitted item.
/// </summary>
public sealed partial class RejectedItemCorrection(
    IRejectedItems items,
    CaseEventIntake intake,
    CaseloadImport import,
    [FromKeyedServices(WallClock.Key)] TimeProvider wallClock,
    ILogger<RejectedItemCorrection> logger)
{
    /// <summary>The intake source and import channel of a correction.</summary>
    public const string Source = "correction";

    public const int MaxReasonLength = 500;
    const int MaxFields = 40;
    static readonly string[] EventIdentity = ["id", "type", "caseId", "on"];
    static readonly HashSet<string> BooleanFields = new(StringComparer.Ordinal) { "involved", "communicationGood" };
    static readonly HashSet<string> NotCorrectable = new(StringComparer.Ordinal) { "contacts", "imports" };

    public static CorrectionKind KindOf(RejectedEvent rejected)
    {
        var readable = RawObject(rejected) is not null;
        if (rejected.Source == CaseloadLoader.Source)
        {
            return readable || rejected.CaseId is not null ? CorrectionKind.CaseloadRow : CorrectionKind.None;
        }

        return NotCorrectable.Contains(rejected.Source) ? CorrectionKind.None
            : readable || rejected.EventId is not null || rejected.Type is not null ? CorrectionKind.CaseEvent
            : CorrectionKind.None;
    }

    /// <summary>
    /// The form's fields: those of the item as kept (values not kept are empty), then any the contract needs that it
    /// lacks, then the field at fault when the item did not have it.
    /// </summary>
    public static IReadOnlyList<CorrectionField> FieldsOf(RejectedEvent rejected)
    {
        var fields = new List<CorrectionField>();
        if (RawObject(rejected) is { } raw)
        {
            foreach (var property in raw.EnumerateObject().Where(p => IsFieldName(p.Name)).Take(MaxFields))
            {
                var value = property.Value;
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString() ?? "",
                    JsonValueKind.Null => "",
                    _ => value.GetRawText(),
                };
                fields.Add(text == RejectedItemText.Removed ? new(property.Name, "", NotKept: true) : new(property.Name, text, NotKept: false));
            }
        }

        var needed = KindOf(rejected) == CorrectionKind.CaseloadRow ? CaseloadColumns.Required : EventIdentity;
        foreach (var name in needed.Where(n => fields.All(f => f.Name != n)))
        {
            fields.Add(new(name, Known(rejected, name) ?? "", NotKept: false));
        }

        if (rejected.Field is { } atFault && IsFieldName(atFault) && fields.All(f => f.Name != atFault))
        {
            fields.Add(new(atFault, "", NotKept: false));
        }

        return fields;
    }

    /// <summary>Sends the corrected values through the way in the item came by; settles the item when they are taken.</summary>
    public async Task<CorrectionOutcome> CorrectAsync(RejectedItem item, IReadOnlyList<(string Name, string Value)> values, string by, CancellationToken cancellationToken)
    {
        if (!item.Open)
        {
            return CorrectionOutcome.Failed(null, $"This item was already {item.Settlement!.Status.ToString().ToLowerInvariant()} by {item.Settlement.By}.");
        }

        var outcome = KindOf(item.Rejected) switch
        {
            CorrectionKind.CaseEvent => await SendEventAsync(values, cancellationToken),
            CorrectionKind.CaseloadRow => await SendRowAsync(item.Key, values, by, cancellationToken),
            _ => CorrectionOutcome.Failed(null, "This item cannot be sent again from here: correct the file it came from and load it again."),
        };
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        await items.SettleAsync(item.Key, new RejectedItemSettlement(RejectedItemStatus.Resolved, by, wallClock.GetUtcNow(), outcome.Note!), cancellationToken);
        LogSettled(LogText.Clean(item.Key), RejectedItemStatus.Resolved, LogText.Clean(by));
        return outcome;
    }

    /// <summary>Closes an open item without sending it again, keeping the reason; null when done, else what is wrong.</summary>
    public async Task<CorrectionOutcome> DismissAsync(RejectedItem item, string reason, string by, CancellationToken cancellationToken)
    {
        reason = reason.Trim();
        var problem = !item.Open ? $"This item was already {item.Settlement!.Status.ToString().ToLowerInvariant()} by {item.Settlement.By}."
            : reason.Length == 0 ? "Enter why this item is dismissed"
            : reason.Length > MaxReasonLength ? $"The reason must be {MaxReasonLength} characters or fewer"
            : reason.Contains('@', StringComparison.Ordinal) ? "The reason must not include an e-mail address: rejected items keep no personal values"
            : null;
        if (problem is not null)
        {
            return CorrectionOutcome.Failed("reason", problem);
        }

        var note = "Dismissed: " + reason;
        if (!await items.SettleAsync(item.Key, new RejectedItemSettlement(RejectedItemStatus.Dismissed, by, wallClock.GetUtcNow(), note), cancellationToken))
        {
            return CorrectionOutcome.Failed("reason", "Someone else settled this item at the same time; reload the page to see what became of it.");
        }

        LogSettled(LogText.Clean(item.Key), RejectedItemStatus.Dismissed, LogText.Clean(by));
        return new CorrectionOutcome([], note);
    }

    async Task<CorrectionOutcome> SendEventAsync(IReadOnlyList<(string Name, string Value)> values, CancellationToken cancellationToken)
    {
        var read = CaseEventReader.ReadBody(EventJson(values));
        if (read.Rejected.Count > 0)
        {
            return new CorrectionOutcome([.. read.Rejected.Select(r => new CorrectionProblem(FormField(r.Field, values), r.Reason))]);
        }

        var caseEvent = Assert(read.Accepted);
        var result = await intake.SubmitAsync(caseEvent, Source, cancellationToken);
        return result.Status switch
        {
            EventStatus.Accepted => new CorrectionOutcome([], $"Sent again as {caseEvent.Type} event {caseEvent.Id} for case {caseEvent.CaseId}: applied."),
            EventStatus.Duplicate => new CorrectionOutcome([], $"Sent again as {caseEvent.Type} event {caseEvent.Id} for case {caseEvent.CaseId}: an event with this id had already been applied."),
            _ => CorrectionOutcome.Failed(null,
                $"The workflow refused the corrected event: {result.Reason}. The refusal is kept on the rejected events page like any other; this item stays open."),
        };
    }

    async Task<CorrectionOutcome> SendRowAsync(string key, IReadOnlyList<(string Name, string Value)> values, string by, CancellationToken cancellationToken)
    {
        var csv = Encoding.UTF8.GetBytes(string.Join(",", values.Select(v => Quote(v.Name))) + "\n" + string.Join(",", values.Select(v => Quote(v.Value.Trim()))) + "\n");
        var problems = await import.CheckCaseloadAsync(csv, cancellationToken);
        if (problems.Count > 0)
        {
            return new CorrectionOutcome([.. problems.Select(p => new CorrectionProblem(FormField(p.Field, values), p.Reason))]);
        }

        var report = await import.ImportCaseloadAsync(csv, new ImportSource($"correction of rejected item {key}", Source, by), cancellationToken);
        if (report.Rejected.Count > 0 || report.Plans is not { } plans)
        {
            return new CorrectionOutcome([.. report.Rejected.Select(p => new CorrectionProblem(FormField(p.Field, values), p.Reason))]);
        }

        var planId = values.FirstOrDefault(v => v.Name == CaseloadColumns.PlanId).Value?.Trim();
        var what = plans.Started > 0 ? "started" : plans.Updated > 0 ? "updated" : "unchanged (it was already running with these values)";
        return new CorrectionOutcome([], $"Row loaded again as plan {planId}: {what}.");
    }

    /// <summary>The event as JSON, each field a string but for the survey's true/false answers; an empty field is left out, so the reader names it.</summary>
    static string EventJson(IReadOnlyList<(string Name, string Value)> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, raw) in values)
            {
                var value = raw.Trim();
                if (value.Length == 0)
                {
                    continue;
                }

                if (BooleanFields.Contains(name) && bool.TryParse(value, out var answer))
                {
                    json.WriteBoolean(name, answer);
                }
                else
                {
                    json.WriteString(name, value);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static CaseEvent Assert(IReadOnlyList<CaseEvent> accepted) =>
        accepted.Count == 1 ? accepted[0] : throw new InvalidOperationException("One JSON object read as " + accepted.Count + " events.");

    /// <summary>The form field a reader's field names, if the form has it ("on", "date_of_birth"); otherwise none.</summary>
    static string? FormField(string? field, IReadOnlyList<(string Name, string Value)> values) =>
        field is not null && values.Any(v => v.Name == field) ? field : null;

    static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static JsonElement? RawObject(RejectedEvent rejected)
    {
        if (rejected.Raw is not { Length: > 0 } raw || raw == RejectedItemText.NotKept)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string? Known(RejectedEvent rejected, string name) => name switch
    {
        "id" => rejected.EventId,
        "type" => rejected.Type,
        "caseId" or CaseloadColumns.PlanId => rejected.CaseId,
        "on" => rejected.On?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>A name a form field may carry: the contract's field and column names are all of this shape.</summary>
    public static bool IsFieldName(string name) => FieldName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldName();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected item {Key} {Status} by {User}")]
    partial void LogSettled(string? key, RejectedItemStatus status, string? user);
}
