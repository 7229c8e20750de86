using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// ADR 0141: an orchestration input or event payload handed over by reference (ADR 0136) has no JSON written unless
/// something reads it, and whoever reads it gets the string that was written when the JSON went with it.
/// </summary>
public sealed class HandedOverJsonTests
{
    /// <summary>A payload that counts how often it is written as JSON (by its one property the code never reads).</summary>
    public sealed class Counted(string text)
    {
        int written;

        public string Text { get; } = text;

        public int Format
        {
            get
            {
                Interlocked.Increment(ref written);
                return 1;
            }
        }

        [JsonIgnore]
        public int TimesWritten => Volatile.Read(ref written);
    }

    sealed record Run(IReadOnlyList<int> TimesWritten, string? ParentInput, string? ChildInput, string? ListenerOutput);

    static async Task<Run> RunAsync(bool byReference)
    {
        var first = new Counted("first");
        var next = new Counted("next");
        var reply = new Counted("reply");
        var childInput = new Counted("child");
        var ping = new Counted("ping");
        var store = new InMemoryOrchestrationStore(HistoryRetention.Full);
        await using var h = new Harness(store) { ExclusiveStore = true, OrchestrationInputsByReference = byReference };
        h.Orchestrator<Counted, string>("Parent", async (ctx, input) =>
            {
                if (input.Text != "first")
                {
                    return input.Text;
                }

                var answer = await ctx.WaitForExternalEvent<Counted>("reply");
                var child = await ctx.CallSubOrchestratorAsync<string>("Child", childInput, new SubOrchestrationOptions { InstanceId = "child" });
                ctx.SendEvent("listener", "ping", ping);
                ctx.ContinueAsNew(next);
                return answer.Text + child;
            })
            .Orchestrator<Counted, string>("Child", (_, input) => Task.FromResult(input.Text))
            .Orchestrator<string, string>("Listener", async (ctx, _) => (await ctx.WaitForExternalEvent<Counted>("ping")).Text);
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Listener", "go", new StartOrchestrationOptions("listener"));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Parent", first, new StartOrchestrationOptions("parent"));
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync("parent", "reply", reply);
        await runtime.RunUntilIdleAsync();

        // Counted before anything reads a JSON copy.
        IReadOnlyList<int> written = [first.TimesWritten, next.TimesWritten, reply.TimesWritten, childInput.TimesWritten, ping.TimesWritten];
        var parent = await runtime.Client.GetInstanceAsync("parent", getInputsAndOutputs: true);
        var child = await runtime.Client.GetInstanceAsync("child", getInputsAndOutputs: true);
        var listener = await runtime.Client.GetInstanceAsync("listener", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, parent!.RuntimeStatus);
        Assert.Equal("next", parent.ReadOutputAs<string>());
        return new Run(written, parent.SerializedInput, child!.SerializedInput, listener!.SerializedOutput);
    }

    [Fact]
    public async Task Inputs_and_events_handed_over_have_no_json_written_and_a_status_read_gets_the_json_written_without_them()
    {
        var asJson = await RunAsync(byReference: false);
        var byReference = await RunAsync(byReference: true);

        Assert.All(asJson.TimesWritten, n => Assert.True(n > 0)); // the count sees a write
        Assert.Equal([0, 0, 0, 0, 0], byReference.TimesWritten);
        Assert.Equal("""{"text":"next","format":1}""", asJson.ParentInput);
        Assert.Equal(asJson.ParentInput, byReference.ParentInput);
        Assert.Equal(asJson.ChildInput, byReference.ChildInput);
        Assert.Equal("\"ping\"", byReference.ListenerOutput);
    }

    [Fact]
    public void A_handed_over_payload_is_written_once_when_first_read_and_a_history_write_holds_the_same_json()
    {
        var payload = new Counted("reply");
        var handedOver = new EventRaised("reply", null) { InputValue = payload };
        var asJson = new EventRaised("reply", OrchestrationJson.Serialize(new Counted("reply")));
        var started = new ExecutionStarted("Parent", null) { InputValue = payload };
        var record = new InstanceRecord { InstanceId = "parent", Name = "Parent", InputValue = payload };

        Assert.Equal(0, payload.TimesWritten);
        Assert.Equal(asJson.Input, handedOver.Input);
        Assert.Equal(asJson.Input, handedOver.Input);
        Assert.Equal(1, payload.TimesWritten); // written on the first read, then kept
        Assert.Equal(asJson.Input, started.Input);
        Assert.Equal(asJson.Input, record.Input);
        Assert.Equal(
            JsonSerializer.Serialize<HistoryEvent>(asJson, OrchestrationJson.Options),
            JsonSerializer.Serialize<HistoryEvent>(handedOver, OrchestrationJson.Options));
        Assert.Equal(
            JsonSerializer.Serialize(new InstanceRecord { InstanceId = "parent", Name = "Parent", Input = asJson.Input }, OrchestrationJson.Options),
            JsonSerializer.Serialize(record, OrchestrationJson.Options));
    }
}
