using System.Text;
using CsvHelper;

namespace SendWorkflows.Contract;

/// <summary>
/// Reads the caseload file (contract section 1): RFC 4180 CSV, UTF-8 with or without a byte order mark, a header
/// row whose names match case-insensitively in any order (unknown columns are ignored). Every data row comes back
/// accepted or rejected with its line, the column at fault and a reason that never repeats a child's initials or
/// date of birth; a bad row never stops the others.
/// </summary>
public static class CaseloadCsvReader
{
    /// <param name="today">The load date: dates after it are implausible.</param>
    /// <param name="contacts">When given, every <c>contributors</c> key must be one of its contacts.</param>
    public static IntakeResult<PlanRecord> Read(string text, DateOnly today, ContactsDirectory? contacts = null)
    {
        using var reader = new StringReader(text);
        return Read(reader, today, contacts);
    }

    /// <summary>
    /// The file's bytes, which must be UTF-8 (a byte order mark is allowed; a UTF-16 one is honoured, being declared
    /// rather than guessed): a row holding a byte that is not is rejected with its line and byte, never altered, and
    /// the other rows still load.
    /// </summary>
    public static IntakeResult<PlanRecord> Read(byte[] utf8, DateOnly today, ContactsDirectory? contacts = null)
    {
        if (Utf8Input.Utf16(utf8) is { } utf16)
            return Read(utf16, today, contacts);

        var faults = Utf8Input.Faults(utf8);
        using var reader = new StringReader(new UTF8Encoding(false).GetString(utf8));
        return Read(reader, today, contacts, faults);
    }

    /// <inheritdoc cref="Read(byte[], DateOnly, ContactsDirectory?)"/>
    public static IntakeResult<PlanRecord> Read(Stream stream, DateOnly today, ContactsDirectory? contacts = null)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.ToArray(), today, contacts);
    }

    /// <inheritdoc cref="Read(string, DateOnly, ContactsDirectory?)"/>
    public static IntakeResult<PlanRecord> Read(TextReader reader, DateOnly today, ContactsDirectory? contacts = null) =>
        Read(reader, today, contacts, []);

    /// <param name="faults">Lines of the original bytes that are not UTF-8: their rows are rejected, whatever the decoder made of them.</param>
    static IntakeResult<PlanRecord> Read(TextReader reader, DateOnly today, ContactsDirectory? contacts, IReadOnlyList<Utf8Fault> faults)
    {
        var pending = new Queue<Utf8Fault>(faults);
        var accepted = new List<PlanRecord>();
        var rejected = new List<IntakeRejection>();

        // The scanner reports bad quoting as it finds it, possibly ahead of the record being read: key it by line.
        var malformedLines = new HashSet<long>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = malformed => malformedLines.Add(malformed.LineNumber),
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);

        if (!csv.Read())
        {
            rejected.Add(new(1, null, "the file is empty: expected a header row naming the columns", ""));
            return new(accepted, rejected);
        }

        if (pending.TryPeek(out var inHeader) && inHeader.Line <= csv.LineNumber)
        {
            rejected.Add(new(inHeader.Line, null, $"the caseload was not loaded, its header row is not readable: {inHeader.Reason()}", ""));
            return new(accepted, rejected);
        }

        var columns = Fields(csv);
        var header = CaseloadHeader.Parse(columns);
        var names = columns.Select(CaseloadHeader.Normalise).ToList();
        if (header.Problem is not null)
            rejected.Add(new((int)csv.LineNumber, null, header.Problem, csv.Current.ToString()));

        var rows = new CaseloadRowValidator(today, contacts);
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            var raw = csv.Current.ToString();
            var rowProblem = header.Problem is not null ? "not read: the header row is invalid"
                : malformedLines.Contains(csv.LineNumber) ? "the row's quoting is malformed (RFC 4180: a field holding a quote, comma or line break must be quoted, its quotes doubled)"
                : csv.FieldCount != header.Width ? $"the row has {csv.FieldCount} fields but the header has {header.Width}"
                : null;
            var fields = Fields(csv);
            if (pending.TryPeek(out var fault) && fault.Line <= line)
            {
                while (pending.TryPeek(out var more) && more.Line <= line)
                    pending.Dequeue();
                rejected.Add(new IntakeRejection(line, null, $"the row was not read: {fault.Reason()}", "") { CaseId = PlanIdOf(header, fields) });
                continue;
            }

            if (rowProblem is not null)
            {
                rejected.Add(Kept(new(line, null, rowProblem, raw), header, names, fields));
                continue;
            }

            var problems = new Problems();
            if (rows.Validate(new CaseloadRow(header, fields), line, problems) is { } plan)
                accepted.Add(plan);
            else
                rejected.Add(Kept(problems.ToRejection(line, raw), header, names, fields));
        }

        foreach (var left in pending)
            rejected.Add(new(left.Line, null, $"the file was not read to its end: {left.Reason()}", ""));
        return new(accepted, rejected);
    }

    static string? PlanIdOf(CaseloadHeader header, string[] fields) =>
        header.Problem is null && fields.Length == header.Width && header.Value(CaseloadColumns.PlanId, fields) is { Length: > 0 } id ? id : null;

    static string[] Fields(CsvReader csv) => csv.Current.ToArray();

    /// <summary>The row as its columns without personal values, and its plan id, for the rejected store.</summary>
    static IntakeRejection Kept(IntakeRejection rejection, CaseloadHeader header, IReadOnlyList<string> names, string[] fields) => rejection with
    {
        CaseId = PlanIdOf(header, fields),
        Redacted = fields.Length == names.Count ? RejectedItemText.Row(names, fields) : RejectedItemText.NotKept,
    };
}
