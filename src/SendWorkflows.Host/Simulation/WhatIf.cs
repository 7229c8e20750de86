using System.Globalization;
using SendWorkflows.Contract;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// A what-if year (<c>simulate --what-if</c>): the same caseload and events with the assessment requests scaled by
/// <see cref="RequestFactor"/> and every advice receipt moved by <see cref="AdviceDelayDays"/>. Which requests are
/// copied or dropped and where the copies fall is drawn from <see cref="Seed"/>, so a scenario always gives the same year.
/// </summary>
public sealed record WhatIfScenario(double RequestFactor, int AdviceDelayDays, int Seed)
{
    /// <summary>Copies of a request case are moved by up to this many days either way, inside the period.</summary>
    const int CopySpreadDays = 28;

    public string RequestsText => string.Create(CultureInfo.InvariantCulture, $"x{RequestFactor:0.###}");

    public string AdviceDelayText => AdviceDelayDays % 7 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{(AdviceDelayDays < 0 ? "-" : "+")}{Math.Abs(AdviceDelayDays) / 7}w")
        : string.Create(CultureInfo.InvariantCulture, $"{(AdviceDelayDays < 0 ? "-" : "+")}{Math.Abs(AdviceDelayDays)}d");

    /// <summary><c>x1.3</c>: the factor, or an error naming what is wrong.</summary>
    public static bool TryParseRequests(string text, out double factor, out string? error)
    {
        factor = 1;
        error = null;
        if (text.Length > 1 && text[0] is 'x' or 'X'
            && double.TryParse(text.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out factor)
            && factor is >= 0 and <= 10)
        {
            return true;
        }

        error = $"--requests must be a factor written as x1.3 (between x0 and x10) times the assessment requests in --events, not '{text}'";
        return false;
    }

    /// <summary><c>+2w</c>, <c>-3d</c>, <c>10d</c>: the shift in days, or an error naming what is wrong.</summary>
    public static bool TryParseAdviceDelay(string text, out int days, out string? error)
    {
        days = 0;
        error = null;
        var body = text.TrimStart('+', '-');
        var negative = text.StartsWith('-');
        if (text.Length - body.Length <= 1 && body.Length > 1 && body[^1] is 'd' or 'w'
            && int.TryParse(body.AsSpan(0, body.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count <= 365)
        {
            days = (negative ? -1 : 1) * count * (body[^1] == 'w' ? 7 : 1);
            return true;
        }

        error = $"--advice-delay must be a number of days or weeks with an optional sign, as +2w or -3d (at most 365 days), not '{text}'";
        return false;
    }

    /// <summary>The inputs of this scenario; what changed is in <see cref="WhatIfInputs.Changes"/>.</summary>
    internal WhatIfInputs Apply(SimulationInputs inputs, DateOnly from, DateOnly to)
    {
        var random = new Random(Seed);
        var byCase = inputs.Events.GroupBy(e => e.CaseId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var requestCases = inputs.Events.OfType<AssessmentRequested>().Select(r => r.CaseId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Shuffle(requestCases, random);

        var wanted = (int)Math.Round(requestCases.Count * RequestFactor, MidpointRounding.AwayFromZero);
        var dropped = requestCases.Skip(wanted).ToHashSet(StringComparer.Ordinal);
        var events = inputs.Events.Where(e => !dropped.Contains(e.CaseId)).ToList();
        for (var copy = 0; copy < wanted - requestCases.Count; copy++)
        {
            var source = requestCases[copy % requestCases.Count];
            events.AddRange(CopyOf(byCase[source], $"W{copy / requestCases.Count + 1}", random, from, to));
        }

        var (delayed, moved, pastPeriod) = DelayAdvice(events, to);
        var caseworkers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (caseId, caseworker) in inputs.Plans.Select(p => (p.PlanId, p.CaseworkerEmail))
            .Concat(delayed.OfType<AssessmentRequested>().Select(r => (r.CaseId, r.CaseworkerEmail))))
        {
            caseworkers.TryAdd(caseId, caseworker);
        }

        var changes = new WhatIfChanges(this, requestCases.Count, Math.Max(0, wanted), moved, pastPeriod, caseworkers);
        return new WhatIfInputs(inputs with { Events = delayed }, changes);
    }

    /// <summary>Every event of a request case under a new case id and event ids, all moved by one random number of days that keeps them in the period.</summary>
    static IEnumerable<CaseEvent> CopyOf(List<CaseEvent> caseEvents, string suffix, Random random, DateOnly from, DateOnly to)
    {
        var first = caseEvents.Min(e => e.On);
        var last = caseEvents.Max(e => e.On);
        var earliest = Math.Max(-CopySpreadDays, from.DayNumber - first.DayNumber);
        var latest = Math.Min(CopySpreadDays, to.DayNumber - last.DayNumber);
        var shift = earliest <= latest ? random.Next(earliest, latest + 1) : 0;
        return caseEvents.Select(e => (CaseEvent)(e with { Id = $"{e.Id}-{suffix}", CaseId = $"{e.CaseId}-{suffix}", On = e.On.AddDays(shift) }));
    }

    /// <summary>
    /// Moves every advice receipt by the delay, never before the case's event before it; one moved past the period is
    /// left out (the advice did not arrive this year). Events stay in date order, ties in their order before.
    /// </summary>
    (IReadOnlyList<CaseEvent> Events, int Moved, int PastPeriod) DelayAdvice(List<CaseEvent> events, DateOnly to)
    {
        if (AdviceDelayDays == 0)
        {
            return ([.. events.Select((e, i) => (e, i)).OrderBy(x => x.e.On).ThenBy(x => x.i).Select(x => x.e)], 0, 0);
        }

        var previousOn = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var result = new List<(CaseEvent Event, int Index)>();
        var (moved, pastPeriod) = (0, 0);
        foreach (var (e, index) in events.Select((e, i) => (e, i)).OrderBy(x => x.e.On).ThenBy(x => x.i))
        {
            var current = e;
            if (e is AdviceReceived advice)
            {
                var on = advice.On.AddDays(AdviceDelayDays);
                if (previousOn.TryGetValue(e.CaseId, out var before) && on < before)
                {
                    on = before;
                }

                if (on > to)
                {
                    pastPeriod++;
                    continue;
                }

                moved++;
                current = advice with { On = on };
            }

            previousOn[e.CaseId] = e.On;
            result.Add((current, index));
        }

        return ([.. result.OrderBy(x => x.Event.On).ThenBy(x => x.Index).Select(x => x.Event)], moved, pastPeriod);
    }

    static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>What a scenario did to the inputs, for its report; <paramref name="CaseworkerOfCase"/> is each case's caseworker as loaded or requested.</summary>
public sealed record WhatIfChanges(
    WhatIfScenario Scenario, int RequestsGiven, int RequestsSimulated, int AdviceReceiptsMoved, int AdviceReceiptsPastPeriod,
    IReadOnlyDictionary<string, string> CaseworkerOfCase);

sealed record WhatIfInputs(SimulationInputs Inputs, WhatIfChanges Changes);
