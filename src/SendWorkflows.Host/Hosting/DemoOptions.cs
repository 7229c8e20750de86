namespace SendWorkflows.Host.Hosting;

/// <summary>Settings under <c>Demo</c>: a generated, fictional caseload on an accelerated case clock.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Load a generated caseload on first start and run the case clock faster than real time.</summary>
    public bool Enabled { get; set; }

    /// <summary>Case-clock seconds per real second: 1440 makes a day pass every minute.</summary>
    public double ClockSpeed { get; set; } = 1440;

    /// <summary>The case-clock date the demo starts on; empty means the generated caseload's load date (1 September).</summary>
    public DateOnly? StartOn { get; set; }

    /// <summary>The academic year the generated caseload belongs to (2026 for 2026/27); empty means the current one.</summary>
    public int? AcademicYear { get; set; }

    /// <summary>
    /// Optional: at 00:00 UTC on this case-clock date the clock drops to real time, so a run (a fault test, a timed
    /// demonstration) reaches a known date and then, for practical purposes, stays there. Empty: accelerated forever.
    /// </summary>
    public DateOnly? EndOn { get; set; }

    public int Plans { get; set; } = 300;

    public int Requests { get; set; } = 40;

    public int Seed { get; set; } = 20260901;

    /// <summary>
    /// How many generated plans whose review is already overdue on the start date are loaded (each is escalated to
    /// the SEN manager on arrival); the rest are left out so day one is not a flood of escalations.
    /// </summary>
    public int OverdueOnArrival { get; set; } = 3;

    /// <summary>Whether the plans' annual reviews progress (meetings, reports, decisions arrive as events), as a council's do.</summary>
    public bool ReviewEvents { get; set; } = true;
}
