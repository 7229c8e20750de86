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
    string? Connection = null);
