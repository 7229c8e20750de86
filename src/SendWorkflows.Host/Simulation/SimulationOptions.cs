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
    /// <summary>About how many plans each shard runs (ADR 0013); the outputs do not depend on it.</summary>
    public int PlansPerShard { get; init; } = SimulationShards.DefaultPlansPerShard;

    /// <summary>Set by <c>--what-if</c>: the scenario the inputs are changed by before the year runs.</summary>
    public WhatIfScenario? WhatIf { get; init; }
}
