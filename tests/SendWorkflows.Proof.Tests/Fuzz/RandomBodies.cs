using System.Text;
using SendWorkflows.Contract;

namespace SendWorkflows.Proof.Tests.Fuzz;

/// <summary>Seeded random request bodies: bytes, JSON of every shape, and valid events bent out of shape.</summary>
public static class RandomBodies
{
    static readonly string[] Fields = ["id", "type", "caseId", "on", "childInitials", "dateOfBirth", "yearGroup", "settingName", "settingEmail", "caseworkerEmail", "decision", "contact", "meetingOn", "reason", "from", "to"];

    static readonly string[] Types = ["AssessmentRequested", "AssessmentDecision", "AdviceRequested", "AdviceReceived", "ReviewMeetingScheduled", "PlanCeased", "Nonsense", ""];

    public static byte[] Next(Random random, string validEvent) => random.Next(6) switch
    {
        0 => RandomBytes(random),
        1 => Encoding.UTF8.GetBytes(RandomJson(random, depth: 0)),
        2 => Encoding.UTF8.GetBytes(BentEvent(random, validEvent)),
        3 => Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(2) == 0 ? BentEvent(random, validEvent) : RandomJson(random, 1))) + "]"),
        4 => Encoding.UTF8.GetBytes(Truncated(random, validEvent)),
        _ => Encoding.UTF8.GetBytes(RandomObject(random)),
    };

    static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    static string Truncated(Random random, string text) => text[..random.Next(0, text.Length)];

    /// <summary>A valid event with one field removed, replaced by a wrong type, or given a hostile value.</summary>
    static string BentEvent(Random random, string validEvent)
    {
        var field = Fields[random.Next(Fields.Length)];
        var value = RandomValue(random);
        var start = validEvent.IndexOf($"\"{field}\":", StringComparison.Ordinal);
        if (start < 0)
        {
            return validEvent[..^1] + $",\"{field}\":{value}}}";
        }

        var valueStart = start + field.Length + 3;
        var valueEnd = validEvent.IndexOf('"', valueStart + 1) + 1;
        return random.Next(3) == 0
            ? validEvent[..start] + validEvent[(valueEnd + (validEvent[valueEnd] == ',' ? 1 : 0))..]
            : validEvent[..valueStart] + value + validEvent[valueEnd..];
    }

    static string RandomObject(Random random)
    {
        var parts = Enumerable.Range(0, random.Next(0, 8)).Select(_ =>
        {
            var field = Fields[random.Next(Fields.Length)];
            return field == "type" ? $"\"type\":\"{Types[random.Next(Types.Length)]}\"" : $"\"{field}\":{RandomValue(random)}";
        });
        return "{" + string.Join(',', parts) + "}";
    }

    static string RandomJson(Random random, int depth) => (depth > 3 ? random.Next(4) : random.Next(6)) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "12345678901234567890123",
        2 => RandomValue(random),
        3 => "\"" + new string('x', random.Next(0, 5000)) + "\"",
        4 => "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth + 1))) + "]",
        _ => "{\"a\":" + RandomJson(random, depth + 1) + "}",
    };

    static string RandomValue(Random random) => random.Next(10) switch
    {
        0 => "null",
        1 => "42",
        2 => "\"2026-02-30\"",
        3 => "\"" + new string('A', random.Next(100, 20000)) + "\"",
        4 => "\"\\u0000\\u001f<script>alert(1)</script>\"",
        5 => "\"'; DROP TABLE cases; --\"",
        6 => "[1,2,3]",
        7 => "{\"nested\":{\"deep\":[]}}",
        8 => "\"\uD83D\uDE00 \u202E RTL \"",
        _ => "\"../../etc/passwd%00#?/\\\\\"",
    };

    /// <summary>A valid assessment request, as the fuzzing's starting point and the health check after it.</summary>
    public static AssessmentRequested ValidRequest(string id, string caseId, DateOnly on) =>
        new CaseloadGenerator(1).Generate(2026, 10, 1).Events.OfType<AssessmentRequested>().First() with { Id = id, CaseId = caseId, On = on };
}
