using System.Globalization;

namespace SendWorkflows.Proof.Tests.Faults;

/// <summary>
/// One crash run: a generated caseload on an accelerated case clock from <see cref="StartOn"/> to <see cref="EndOn"/>,
/// killed <see cref="Kills"/> times at seeded random moments.
/// </summary>
public sealed record FaultRunPlan(int Plans, int Requests, int Kills, int Days, double ClockSpeed, int Seed)
{
    public static readonly DateOnly StartOn = new(2026, 9, 1);

    public const int AcademicYear = 2026;

    /// <summary>CI: 200 plans, 3 kills, 30 case days at 6 real hours a second. Full: PROOF_SIZE=full (and PROOF_* overrides).</summary>
    public static FaultRunPlan FromEnvironment() => new(
        ProofSize.Setting("PROOF_PLANS", ci: 200, full: 2000),
        ProofSize.Setting("PROOF_REQUESTS", ci: 20, full: 200),
        ProofSize.Setting("PROOF_KILLS", ci: 3, full: 12),
        ProofSize.Setting("PROOF_DAYS", ci: 30, full: 60),
        ProofSize.Setting("PROOF_CLOCK_SPEED", ci: 21600, full: 8640),
        ProofSize.Setting("PROOF_SEED", ci: 8, full: 8));

    public static bool ReviewEvents => Environment.GetEnvironmentVariable("PROOF_REVIEW_EVENTS") == "true";

    public DateOnly EndOn => StartOn.AddDays(Days);

    public DateTimeOffset EndAt => new(EndOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public TimeSpan RealTimePerDay => TimeSpan.FromSeconds(86_400 / ClockSpeed);

    /// <summary>
    /// The host leases an instance for one real minute (measured on the case clock, so stretched by the speed); an
    /// instance leased when the process died waits that long. Kills stop early enough for those leases to lapse
    /// before the end date, after which the clock runs at real time.
    /// </summary>
    public TimeSpan KillWindow => RealTimePerDay * Days - TimeSpan.FromMinutes(1) - RealTimePerDay * 3;

    public IReadOnlyDictionary<string, string> HostSettings(string hub) => new Dictionary<string, string>
    {
        ["Storage__HubName"] = hub,
        ["Intake__Queue__Enabled"] = "false",
        ["Demo__Enabled"] = "true",
        // The demo is refused outside Development (issue 20).
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Demo__Plans"] = Plans.ToString(CultureInfo.InvariantCulture),
        ["Demo__Requests"] = Requests.ToString(CultureInfo.InvariantCulture),
        ["Demo__Seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        // Assessment events only unless PROOF_REVIEW_EVENTS=true. With review events a run can differ from the clean
        // run where a kill froze an instance under the dead process's lease: the lease is one real minute, which the
        // accelerated clock stretches to about 15 case days, and an event that arrived meanwhile is applied before the
        // instance's first steps (a real-speed host is frozen for a minute at most). Nothing is lost or sent twice.
        ["Demo__ReviewEvents"] = ReviewEvents ? "true" : "false",
        ["Demo__AcademicYear"] = AcademicYear.ToString(CultureInfo.InvariantCulture),
        ["Demo__StartOn"] = StartOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Demo__EndOn"] = EndOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Demo__ClockSpeed"] = ClockSpeed.ToString(CultureInfo.InvariantCulture),
        // In a demo the host runs e-mail delivery on wall-clock time; a short lease lets a row claimed by a killed
        // process be taken over within the run (the default is 5 minutes).
        ["Email__Outbox__Lease"] = "00:00:20",
        ["Email__Outbox__PollInterval"] = "00:00:00.5",
        ["Email__Outbox__FirstRetryDelay"] = "00:00:02",
        ["Email__Outbox__BatchSize"] = "200",
        ["Logging__LogLevel__Default"] = "Information",
    };
}
