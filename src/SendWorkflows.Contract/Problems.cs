namespace SendWorkflows.Contract;

/// <summary>The problems found in one item, in the order found; they become a single rejection.</summary>
sealed class Problems
{
    readonly List<(string? Field, string Reason)> found = [];

    public bool Any => found.Count > 0;

    public void Add(string? field, string reason) => found.Add((field, reason));

    public IntakeRejection ToRejection(int? line, string raw) =>
        new(line, found[0].Field, string.Join("; ", found.Select(p => p.Reason)), raw);
}
