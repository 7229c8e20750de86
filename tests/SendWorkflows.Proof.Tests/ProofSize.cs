namespace SendWorkflows.Proof.Tests;

/// <summary>
/// How big the proof runs are: reduced for CI (the default), or <c>PROOF_SIZE=full</c> for the published figures.
/// </summary>
public static class ProofSize
{
    public static bool Full => string.Equals(Environment.GetEnvironmentVariable("PROOF_SIZE"), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>A whole number from the environment (e.g. PROOF_KILLS=20), or the size's default.</summary>
    public static int Setting(string name, int ci, int full) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : Full ? full : ci;
}
