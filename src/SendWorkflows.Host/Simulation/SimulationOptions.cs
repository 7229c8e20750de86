using SendWorkflows.Runtime;

namespace SendWorkflows.Host.Simulation;

/// <summary>Where the orchestrations' history lives during a simulation.</summary>
public enum SimulationStore
{
    Memory,
    Tables,
}

/// <summary>The inputs of one simulation run (contract section 5).</summary>
public sealed record SimulationOptions(
    string CaseloadPath,
    string ContactsPath,
    string? EventsPath,
    DateOnly From,
    DateOnly To,
    string OutDirectory,
    SimulationStore Store = SimulationStore.Memory,
    string? Connection = null)
{
    /// <summary>
    /// About how many plans each shard runs (ADR 0013); the outputs do not depend on it. Null: as many as
    /// <see cref="SimulationShards.PlansPerShardFor"/> gives for the caseload.
    /// </summary>
    public int? PlansPerShard { get; init; }

    /// <summary>Set by <c>--what-if</c>: the scenario the inputs are changed by before the year runs.</summary>
    public WhatIfScenario? WhatIf { get; init; }

    /// <summary>
    /// An empty folder where each shard writes its notifications as it ends, merged into the output at the end (ADR 0016);
    /// null keeps them in memory with their facts (<see cref="SimulationResult.Notifications"/>).
    /// </summary>
    public string? SpillDirectory { get; init; }

    /// <summary>
    /// Set by <c>simulate</c>: the run writes its four files itself, each as soon as it is known (outcomes, rejections and
    /// KPIs while the council pass runs, ADR 0119), into a staging folder moved into <see cref="OutDirectory"/> when the
    /// run has succeeded (<see cref="StagedFiles"/>); otherwise the caller writes them from the result
    /// (<see cref="SimulationOutput.WriteAsync"/>).
    /// </summary>
    public bool WritesFiles { get; init; }

    /// <summary>A test aid: checks every activity input the in-memory runtimes hand over by reference (ADR 0017).</summary>
    internal ActivityInputAudit? ActivityInputAudit { get; init; }
}
