using SendWorkflows.Contract;

namespace SendWorkflows.Proof.Tests.Load;

/// <summary>One thing sent to the intake: a valid event (perhaps a repeat of one already sent) or malformed text.</summary>
public sealed record LoadItem(string Channel, string Body, string? EventId, bool IsDuplicate, bool IsMalformed, string? MalformedMarker);

/// <summary>
/// The seeded mix a load run sends: assessment requests for new cases (each starts a workflow), split between HTTP and
/// the queue, with repeats (on the same or the other channel) and malformed messages mixed in.
/// </summary>
public static class LoadMix
{
    public const string Http = "http";
    public const string Queue = "queue";

    public static IReadOnlyList<LoadItem> Create(int events, double duplicateShare, double malformedShare, int seed, DateOnly on)
    {
        var random = new Random(seed);
        var template = new CaseloadGenerator(seed).Generate(2026, 10, 1).Events.OfType<AssessmentRequested>().First();
        var items = new List<LoadItem>();
        var sent = new List<LoadItem>();
        for (var i = 0; items.Count < events; i++)
        {
            var channel = random.Next(2) == 0 ? Http : Queue;
            var roll = random.NextDouble();
            if (roll < malformedShare)
            {
                var marker = $"bad-{i:00000}";
                items.Add(new LoadItem(channel, Malformed(random, marker, on), null, false, true, marker));
            }
            else if (roll < malformedShare + duplicateShare && sent.Count > 0)
            {
                var original = sent[random.Next(sent.Count)];
                items.Add(original with { Channel = channel, IsDuplicate = true });
            }
            else
            {
                var caseId = $"LD-{i:000000}";
                CaseEvent caseEvent = template with { Id = $"req-{i:000000}", CaseId = caseId, On = on };
                var item = new LoadItem(channel, CaseEventWriter.ToJson(caseEvent), caseEvent.Id, false, false, null);
                items.Add(item);
                sent.Add(item);
            }
        }

        return items;
    }

    /// <summary>Malformed in one of the ways case-management exports are: broken JSON, an unknown type, a bad date, a field missing.</summary>
    static string Malformed(Random random, string marker, DateOnly on) => random.Next(4) switch
    {
        0 => $"{{\"id\":\"{marker}\",\"type\":\"AssessmentRequested\",\"caseId\":",
        1 => $"{{\"id\":\"{marker}\",\"type\":\"AssessmentExploded\",\"caseId\":\"LD-X\",\"on\":\"{on:yyyy-MM-dd}\"}}",
        2 => $"{{\"id\":\"{marker}\",\"type\":\"AssessmentDecision\",\"caseId\":\"LD-X\",\"on\":\"31/02/2026\",\"decision\":\"assess\"}}",
        _ => $"{{\"id\":\"{marker}\",\"type\":\"AssessmentDecision\",\"caseId\":\"LD-X\",\"on\":\"{on:yyyy-MM-dd}\"}}",
    };
}
