using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// Orchestration inputs and event payloads handed over by reference (ADR 0136): the object goes along instead of its
/// JSON, which is written from the object only when something first reads it (a status query, a table write, an
/// orchestration asking for another type), and then kept (ADR 0141). The object is unchanged meanwhile (the
/// conditions of ADR 0017), so every reader gets the string that would have been written when it was handed over.
/// </summary>
static class ByReference
{
    /// <summary>
    /// How <paramref name="value"/> goes to the orchestration that gets it: as the object, noted by the audit as it is now,
    /// with no JSON written yet; or, when inputs do not go by reference (or it is null), as its JSON alone.
    /// </summary>
    public static (string? Json, object? HandedOver) Payload(object? value, bool byReference, ActivityInputAudit? audit)
    {
        if (!byReference || value is null)
        {
            return (OrchestrationJson.Serialize(value), null);
        }

        audit?.HandedOver(value);
        return (null, value);
    }

    /// <summary>The JSON kept in <paramref name="json"/>, else that of the object handed over, kept there for the next read.</summary>
    public static string? ReadJson(ref string? json, object? handedOver) =>
        json ??= handedOver is null ? null : OrchestrationJson.Serialize(handedOver);
}
