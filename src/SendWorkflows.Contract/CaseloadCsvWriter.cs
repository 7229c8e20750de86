using CsvHelper;

namespace SendWorkflows.Contract;

/// <summary>
/// Writes the caseload file (contract section 1): RFC 4180, CRLF line ends, every column of
/// <see cref="CaseloadColumns.All"/> in that order, optional values empty when absent.
/// </summary>
public static class CaseloadCsvWriter
{
    public static void Write(IEnumerable<PlanRecord> plans, TextWriter writer)
    {
        // Formula-injection escaping stays off (the default): the file is data for the engine, and an escape would change values.
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader([.. CaseloadColumns.All]);
        foreach (var plan in plans)
            csv.WriteRecord(Fields(plan));
    }

    public static string ToCsv(IEnumerable<PlanRecord> plans)
    {
        using var writer = new StringWriter();
        Write(plans, writer);
        return writer.ToString();
    }

    static string[] Fields(PlanRecord plan) =>
    [
        plan.PlanId,
        plan.ChildInitials,
        ContractRules.FormatDate(plan.DateOfBirth),
        plan.YearGroup.ToString(),
        plan.SettingName,
        plan.SettingEmail,
        ContractSpelling.SettingTypes.Spell(plan.SettingType),
        plan.CaseworkerEmail,
        ContractRules.FormatDate(plan.PlanIssuedOn),
        plan.LastReviewOn is { } lastReview ? ContractRules.FormatDate(lastReview) : "",
        plan.Transfer is { } transfer ? ContractSpelling.TransferKinds.Spell(transfer) : "",
        plan.Contributors is { } contributors ? string.Join(';', contributors) : "",
        plan.LastMonitoringVisitOn is { } visit ? ContractRules.FormatDate(visit) : "",
        plan.AwaitingProvision ? "true" : "false",
        plan.FamilyEmail ?? "",
    ];
}
