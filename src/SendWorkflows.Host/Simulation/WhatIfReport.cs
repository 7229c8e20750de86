using System.Globalization;
using System.Text;
using System.Text.Json;
using SendWorkflows.Domain;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// One caseworker's share of a what-if year: the notifications about their cases (each one something sent, chased or
/// escalated on a case they hold), and those addressed or copied to them; both also per week.
/// </summary>
public sealed record CaseworkerLoad(string Caseworker, int AboutTheirCases, double AboutTheirCasesPerWeek, int ToThem, double ToThemPerWeek);

/// <summary>
/// The staff workload a what-if year implies, with the headline KPIs: written to what-if.json beside kpis.json and
/// summarised on the console. A case belongs to the caseworker it was loaded or requested with (a later
/// CaseworkerChanged is not followed); council-wide lists belong to nobody.
/// </summary>
public sealed record WhatIfReport(
    string Requests,
    string AdviceDelay,
    int Seed,
    int AssessmentRequestsGiven,
    int AssessmentRequestsSimulated,
    int AdviceReceiptsMoved,
    int AdviceReceiptsPastPeriod,
    double Weeks,
    int Notifications,
    IReadOnlyDictionary<string, int> NotificationsByKind,
    double PerCaseworkerPerWeek,
    double BusiestCaseworkerPerWeek,
    IReadOnlyList<CaseworkerLoad> Caseworkers,
    KpiReport Kpis)
{
    static readonly JsonSerializerOptions Json = new(KpiReport.JsonOptions) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static WhatIfReport For(WhatIfChanges changes, SimulationResult result, DateOnly from, DateOnly to)
    {
        var weeks = (to.DayNumber - from.DayNumber + 1) / 7.0;
        var caseworkers = changes.CaseworkerOfCase.Values.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
        var about = caseworkers.ToDictionary(c => c, _ => 0, StringComparer.OrdinalIgnoreCase);
        var addressed = caseworkers.ToDictionary(c => c, _ => 0, StringComparer.OrdinalIgnoreCase);
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var notification in result.ContractNotifications.InOrder())
        {
            var kind = notification.Kind.ToString();
            byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
            if (changes.CaseworkerOfCase.TryGetValue(notification.CaseId, out var owner))
            {
                about[owner]++;
            }

            foreach (var address in notification.To.Concat(notification.Cc).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (addressed.TryGetValue(address, out var count))
                {
                    addressed[address] = count + 1;
                }
            }
        }

        var loads = about.Keys.Order(StringComparer.Ordinal)
            .Select(c => new CaseworkerLoad(c, about[c], Round(about[c] / weeks), addressed[c], Round(addressed[c] / weeks))).ToList();
        return new WhatIfReport(
            changes.Scenario.RequestsText, changes.Scenario.AdviceDelayText, changes.Scenario.Seed,
            changes.RequestsGiven, changes.RequestsSimulated, changes.AdviceReceiptsMoved, changes.AdviceReceiptsPastPeriod,
            Round(weeks), result.ContractNotifications.Count,
            byKind,
            loads.Count == 0 ? 0 : Round(loads.Average(l => l.AboutTheirCases) / weeks),
            loads.Count == 0 ? 0 : loads.Max(l => l.AboutTheirCasesPerWeek),
            loads,
            result.Kpis);
    }

    public async Task WriteAsync(string directory) =>
        await File.WriteAllTextAsync(Path.Combine(directory, "what-if.json"),
            JsonSerializer.Serialize(this, Json).ReplaceLineEndings("\n") + "\n", new UTF8Encoding(false));

    public async Task SummariseAsync(TextWriter output)
    {
        var o = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(o,
            $"what-if: requests {Requests} ({AssessmentRequestsGiven} -> {AssessmentRequestsSimulated} assessment requests), advice {AdviceDelay} ({AdviceReceiptsMoved} receipts moved, {AdviceReceiptsPastPeriod} now after the period), seed {Seed}"));
        await output.WriteLineAsync(string.Create(o,
            $"  workload: {Notifications} notifications over {Weeks:0.#} weeks; about their cases {PerCaseworkerPerWeek:0.0} per caseworker per week on average ({Caseworkers.Count} caseworkers), busiest {BusiestCaseworkerPerWeek:0.0}"));
        await output.WriteLineAsync(string.Create(o,
            $"  KPIs: new plans within 20 weeks {Show(Kpis.NewPlansWithin20WeeksExcludingExceptions)} (excluding exceptions); amended plans within 12 weeks of the meeting {Show(Kpis.AmendedPlansWithin12WeeksOfMeeting)}"));
    }

    static string Show(Rate rate) => rate.Percent is { } percent
        ? string.Create(CultureInfo.InvariantCulture, $"{rate.Count}/{rate.Total} ({percent:0.0}%)")
        : "none due";

    static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
