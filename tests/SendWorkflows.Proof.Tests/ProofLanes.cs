namespace SendWorkflows.Proof.Tests;

/// <summary>
/// The proofs run in two lanes side by side, one at a time in each, so at most two real hosts share the two cores
/// (ADR 0125). The crash run and the personal-data run spend most of their time waiting on an accelerated case clock
/// (30 and 21 case days are two minutes and 42 seconds of real time however fast the machine is), so they share a
/// lane; the proofs whose time is the host's own work share the other. For published figures (<c>PROOF_SIZE=full</c>)
/// run one proof at a time with <c>--filter</c>.
/// </summary>
public static class ProofLanes
{
    /// <summary>The runs on an accelerated case clock, one at a time.</summary>
    public const string AcceleratedClockRuns = "Accelerated clock runs";

    /// <summary>Every other proof, one at a time.</summary>
    public const string BesideTheClockRuns = "Beside the clock runs";
}

[CollectionDefinition(ProofLanes.AcceleratedClockRuns)]
public sealed class AcceleratedClockRunsCollection;

[CollectionDefinition(ProofLanes.BesideTheClockRuns)]
public sealed class BesideTheClockRunsCollection;
