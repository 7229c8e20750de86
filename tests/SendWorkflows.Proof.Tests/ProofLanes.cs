namespace SendWorkflows.Proof.Tests;

/// <summary>
/// The proofs run in two lanes side by side (ADR 0125). The crash run spends most of its time waiting on its
/// accelerated case clock (30 case days are two real minutes however fast the machine is), so it has a lane of its
/// own; every other proof runs one at a time in the second lane, so at most two real hosts share the two cores.
/// For published figures (<c>PROOF_SIZE=full</c>) run one proof at a time with <c>--filter</c>.
/// </summary>
public static class ProofLanes
{
    /// <summary>Every proof but the crash run, one at a time.</summary>
    public const string BesideTheCrashRun = "Beside the crash run";
}

[CollectionDefinition(ProofLanes.BesideTheCrashRun)]
public sealed class BesideTheCrashRunCollection;
