using System.Text;
using System.Text.Json;
using SendWorkflows.Contract;

namespace SendWorkflows.Contract.Tests;

/// <summary>
/// Property tests: seeded random damage to valid files never makes a reader throw, and every record comes back
/// accepted or rejected with a reason and its raw text. Seeds are fixed, so a failure reproduces.
/// </summary>
public class ReaderFuzzTests
{
    const int Cases = 150;
    static readonly GeneratedCaseload Sample = new CaseloadGenerator(seed: 7).Generate(2026, planCount: 40, requestCount: 12);
    static readonly string Caseload = Write(Sample.WriteCaseload);
    static readonly string Events = Write(Sample.WriteEvents);
    static readonly string Contacts = Write(Sample.WriteContacts);

    static string Write(Action<TextWriter> write)
    {
        using var writer = new StringWriter();
        write(writer);
        return writer.ToString();
    }

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, Cases));

    static void AssertWellFormed(IEnumerable<IntakeRejection> rejected)
    {
        Assert.All(rejected, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Reason));
            Assert.NotNull(r.Raw);
            Assert.True(r.Line is null or > 0);
        });
    }

    /// <summary>Accepted and rejected rows after the header, which a file-level rejection (on the header line) is not.</summary>
    static int DataItems(IntakeResult<PlanRecord> result, string text)
    {
        var headerLine = 1 + Mutations.Lines(text).TakeWhile(line => line.Length == 0).Count();
        return result.Accepted.Count + result.Rejected.Count(r => r.Line != headerLine);
    }

    static int NonEmptyLines(string text) => Mutations.Lines(text).Count(line => line.Length > 0);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Caseload_line_safe_damage_leaves_one_verdict_per_data_row(int seed)
    {
        var random = new Random(seed);
        var mutate = Mutations.LineSafe[seed % Mutations.LineSafe.Count];
        var text = mutate(random, Caseload);

        var result = CaseloadCsvReader.Read(text, Sample.LoadedOn);

        AssertWellFormed(result.Rejected);
        Assert.Equal(Math.Max(0, NonEmptyLines(text) - 1), DataItems(result, text));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Caseload_stray_quotes_never_throw_and_rows_before_the_damage_are_all_judged(int seed)
    {
        var random = new Random(seed);
        var text = Mutations.StrayQuote(random, Mutations.StrayQuote(random, Caseload));
        var lines = Mutations.Lines(text);
        var firstDamagedLine = lines.TakeWhile(line => !line.Contains('"')).Count() + 1;

        var result = CaseloadCsvReader.Read(text, Sample.LoadedOn);

        AssertWellFormed(result.Rejected);
        Assert.InRange(DataItems(result, text), 0, NonEmptyLines(text));
        var acceptedIds = result.Accepted.Select(p => p.PlanId).ToHashSet();
        var rejectedLines = result.Rejected.Select(r => r.Line).ToHashSet();
        for (var line = 2; line < firstDamagedLine; line++)
            Assert.True(acceptedIds.Contains(lines[line - 1].Split(',')[0]) || rejectedLines.Contains(line), $"line {line} has no verdict");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Caseload_invalid_utf8_from_a_stream_leaves_one_verdict_per_data_row(int seed)
    {
        var random = new Random(seed);
        var bytes = Mutations.RandomHighBytes(random, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Caseload)]);

        var result = CaseloadCsvReader.Read(new MemoryStream(bytes), Sample.LoadedOn);

        AssertWellFormed(result.Rejected);
        var decoded = new UTF8Encoding(false).GetString(bytes);
        if (Utf8Input.FirstFault(bytes) is { Line: 1 } inHeader)
        {
            // Without a readable header no row can be read: the file is refused, naming the header's bad byte.
            Assert.Empty(result.Accepted);
            Assert.Contains($"line 1, byte {inHeader.ByteInLine}", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(NonEmptyLines(decoded) - 1, DataItems(result, decoded));
        Assert.All(Utf8Input.Faults(bytes), fault => Assert.Contains(result.Rejected, r => r.Line == fault.Line && r.Reason.Contains("not valid UTF-8", StringComparison.Ordinal)));
        Assert.DoesNotContain(result.Accepted, plan => plan.ToString().Contains('\uFFFD', StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Event_lines_under_any_damage_leave_one_verdict_per_non_blank_line(int seed)
    {
        var random = new Random(seed);
        var mutations = Mutations.LineSafe.Append(Mutations.StrayQuote).ToList();
        var text = mutations[seed % mutations.Count](random, Events);

        var result = CaseEventReader.ReadLines(text);

        AssertWellFormed(result.Rejected);
        var lines = Mutations.Lines(text);
        lines[0] = lines[0].TrimStart('\uFEFF');
        Assert.Equal(lines.Count(line => !string.IsNullOrWhiteSpace(line)), result.Accepted.Count + result.Rejected.Count);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Event_bodies_under_any_damage_are_judged_per_item_or_rejected_whole(int seed)
    {
        var random = new Random(seed);
        var body = "[" + string.Join(",\n", Events.TrimEnd('\n').Split('\n').Take(15)) + "]";
        var mutations = Mutations.LineSafe.Append(Mutations.StrayQuote).ToList();
        var text = mutations[seed % mutations.Count](random, body);

        var result = CaseEventReader.ReadBody(text);

        AssertWellFormed(result.Rejected);
        var itemCount = JsonItemCount(text.TrimStart('\uFEFF'));
        if (itemCount is null)
            Assert.Equal(text, Assert.Single(result.Rejected).Raw);
        else
            Assert.Equal(itemCount, result.Accepted.Count + result.Rejected.Count);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Contacts_under_any_damage_are_judged_per_contact_or_rejected_whole(int seed)
    {
        var random = new Random(seed);
        var mutations = Mutations.LineSafe.Append(Mutations.StrayQuote).ToList();
        var text = mutations[seed % mutations.Count](random, Contacts);

        var result = ContactsDirectoryReader.Read(text);

        AssertWellFormed(result.Rejected);
        Assert.InRange(result.Accepted.Count, 0, 1);
        if (result.Accepted is [var directory])
            Assert.Equal(ContactCount(text), directory.Contacts.Count + result.Rejected.Count);
        else
            Assert.NotEmpty(result.Rejected);
    }

    /// <summary>The number of events in a body by an independent parse, or null when it is not JSON.</summary>
    static int? JsonItemCount(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 1;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static int ContactCount(string text)
    {
        using var document = JsonDocument.Parse(text.TrimStart('\uFEFF'));
        return document.RootElement.GetProperty("contacts").EnumerateObject().Count();
    }
}
