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

    /// <inheritdoc cref="Read(string, DateOnly, ContactsDirectory?)"/>
    public static IntakeResult<PlanRecord> Read(Stream stream, DateOnly today, ContactsDirectory? contacts = null)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Read(reader, today, contacts);
    }

    /// <inheritdoc cref="Read(string, DateOnly, ContactsDirectory?)"/>
    public static IntakeResult<PlanRecord> Read(TextReader reader, DateOnly today, ContactsDirectory? contacts = null)
    {
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

        var header = CaseloadHeader.Parse(Fields(csv));
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
            if (rowProblem is not null)
            {
                rejected.Add(new(line, null, rowProblem, raw));
                continue;
            }

            var problems = new Problems();
            if (rows.Validate(new CaseloadRow(header, Fields(csv)), line, problems) is { } plan)
                accepted.Add(plan);
            else
                rejected.Add(problems.ToRejection(line, raw));
        }

        return new(accepted, rejected);
    }

    static string[] Fields(CsvReader csv) => csv.Current.ToArray();
}
