namespace SendWorkflows.Contract;

/// <summary>The caseload file's header row: where each known column is, matched case-insensitively.</summary>
sealed class CaseloadHeader
{
    readonly Dictionary<string, int> positions;

    CaseloadHeader(Dictionary<string, int> positions, int width, string? problem)
    {
        this.positions = positions;
        Width = width;
        Problem = problem;
    }

    public int Width { get; }

    /// <summary>Why the header cannot be used (missing or repeated columns), or null.</summary>
    public string? Problem { get; }

    public static CaseloadHeader Parse(IReadOnlyList<string> names)
    {
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var repeated = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            // A BOM the decoder did not strip (text handed over as a string) sticks to the first name.
            var name = Normalise(names[i]);
            if (!CaseloadColumns.All.Contains(name))
                continue;
            if (!positions.TryAdd(name, i))
                repeated.Add(name);
        }

        var missing = CaseloadColumns.Required.Where(column => !positions.ContainsKey(column)).ToList();
        var problem = (missing.Count, repeated.Count) switch
        {
            (0, 0) => null,
            (_, 0) => $"the header row lacks required columns: {string.Join(", ", missing)}",
            (0, _) => $"the header row repeats columns: {string.Join(", ", repeated.Distinct())}",
            _ => $"the header row lacks required columns: {string.Join(", ", missing)}; and repeats columns: {string.Join(", ", repeated.Distinct())}",
        };
        return new(positions, names.Count, problem);
    }

    public static string Normalise(string name) => name.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant();

    /// <summary>The trimmed value of <paramref name="column"/>, or null when the file has no such column.</summary>
    public string? Value(string column, IReadOnlyList<string> record) =>
        positions.TryGetValue(column, out var index) ? record[index].Trim() : null;
}

/// <summary>One data row, read through its header.</summary>
readonly record struct CaseloadRow(CaseloadHeader Header, IReadOnlyList<string> Record)
{
    /// <summary>The trimmed value, empty when the column is absent or blank.</summary>
    public string this[string column] => Header.Value(column, Record) ?? "";
}
