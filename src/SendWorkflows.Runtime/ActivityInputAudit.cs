using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// Shows that handing activity inputs over by reference (<see cref="EmbeddedRuntimeOptions.ActivityInputsByReference"/>,
/// ADR 0017) changes nothing an activity can see: for each input it compares the JSON the orchestrator's object had
/// when it was scheduled with the JSON of the copy the real engine would have made, of the object when the activity
/// starts (the orchestrator did not change it meanwhile) and when it ends (the activity did not change it). With
/// <see cref="EmbeddedRuntimeOptions.OrchestrationInputsByReference"/> (ADR 0136) it checks orchestration inputs and
/// raised events the same way when the orchestration takes them, against the JSON they had when handed over, which
/// only the audit writes then (ADR 0141).
/// </summary>
public sealed class ActivityInputAudit
{
    readonly ConcurrentQueue<string> differences = new();
    readonly ConditionalWeakTable<object, string> jsonWhenHandedOver = new();
    int checkedInputs;

    /// <summary>How many inputs were checked.</summary>
    public int Checked => Volatile.Read(ref checkedInputs);

    /// <summary>What differed, one line per input: the activity, its instance and which check failed.</summary>
    public IReadOnlyCollection<string> Differences => differences;

    /// <summary>Checks the input as the activity starts; returns its JSON then, for <see cref="AfterRun"/>.</summary>
    internal string BeforeRun(string activity, string instanceId, object value, string scheduledJson, Type inputType)
    {
        Interlocked.Increment(ref checkedInputs);
        var copy = OrchestrationJson.Serialize(OrchestrationJson.Deserialize(scheduledJson, inputType));
        if (copy != scheduledJson)
        {
            differences.Enqueue($"{activity} of {instanceId}: a JSON copy of the input is not the input ({scheduledJson} became {copy})");
        }

        return Compare(activity, instanceId, value, scheduledJson, "changed between scheduling and the activity");
    }

    /// <summary>Notes the JSON of an orchestration input or event payload as it is handed over (the latest, if handed over twice).</summary>
    internal void HandedOver(object value) => jsonWhenHandedOver.AddOrUpdate(value, OrchestrationJson.Serialize(value));

    /// <summary>Checks an orchestration input or event payload as the orchestration takes it, against its JSON when handed over.</summary>
    internal void Taken(string what, string instanceId, object value, Type type)
    {
        if (jsonWhenHandedOver.TryGetValue(value, out var json))
        {
            BeforeRun(what, instanceId, value, json, type);
        }
        else
        {
            Interlocked.Increment(ref checkedInputs);
            differences.Enqueue($"{what} of {instanceId}: taken by reference but never noted as handed over");
        }
    }

    internal void AfterRun(string activity, string instanceId, object value, string jsonAtStart) =>
        Compare(activity, instanceId, value, jsonAtStart, "changed by the activity");

    string Compare(string activity, string instanceId, object value, string before, string what)
    {
        var now = OrchestrationJson.Serialize(value);
        if (now != before)
        {
            differences.Enqueue($"{activity} of {instanceId}: the input {what} ({before} became {now})");
        }

        return now;
    }
}
