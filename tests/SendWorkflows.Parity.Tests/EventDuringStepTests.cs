using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Domain;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Parity.Tests;

/// <summary>
/// ADR 0005/0056: Durable Task gives an event to the newest waiter of its name, even a cancelled one. A case event
/// that arrives while a workflow is recording a timetable step (awaiting an activity, between two waits) must still
/// reach it, on both engines: <see cref="WorkflowSteps.NextEventOrStepAsync"/> keeps its wait open across steps.
/// </summary>
public sealed class EventDuringStepTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task On_the_real_engine_an_event_raised_while_a_step_is_recorded_reaches_the_workflow()
    {
        var gate = new Gate();
        await using var host = await LocalPorts.StartOnFreePortAsync(port => DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestrator<StepThenEventOrchestrator>().AddActivity<GatedStepActivity>(),
            new DurableTaskTestHostOptions { Port = port, ConfigureServices = services => services.AddSingleton(gate) }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepThenEventOrchestrator), "case-1");
        await gate.Started.Task.WaitAsync(Patience);
        await host.Client.RaiseEventAsync(id, StepThenEventOrchestrator.EventName, "received");
        gate.Release.SetResult();

        using var timeout = new CancellationTokenSource(Patience);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("received", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task On_the_embedded_runtime_an_event_raised_while_a_step_is_recorded_reaches_the_workflow()
    {
        var gate = new Gate();
        await using var services = new ServiceCollection().AddSingleton(gate).BuildServiceProvider();
        await using var runtime = new EmbeddedDurableRuntime(
            new DurableTaskRegistry().AddOrchestrator<StepThenEventOrchestrator>().AddActivity<GatedStepActivity>(),
            services, new InMemoryOrchestrationStore(), TimeProvider.System,
            new EmbeddedRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        await runtime.StartAsync(CancellationToken.None);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepThenEventOrchestrator), "case-1");
        await gate.Started.Task.WaitAsync(Patience);
        await runtime.Client.RaiseEventAsync(id, StepThenEventOrchestrator.EventName, "received");
        gate.Release.SetResult();

        using var timeout = new CancellationTokenSource(Patience);
        var done = await runtime.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("received", done.ReadOutputAs<string>());
    }

    /// <summary>Lets the test raise the event while the step's activity is running.</summary>
    public sealed class Gate
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A past-due step wins the first wait; the event arrives while the step is being recorded.</summary>
    public sealed class StepThenEventOrchestrator : TaskOrchestrator<string, string?>
    {
        public const string EventName = "Signal";

        public override async Task<string?> RunAsync(TaskOrchestrationContext context, string input)
        {
            var pastDue = TimetableStep.Notify("reminder", new DateOnly(2020, 1, 6), true, NotificationKind.AdviceReminder, [Recipient.SenManager], null);
            var first = await WorkflowSteps.NextEventOrStepAsync<string>(context, EventName, pastDue);
            if (first is not null)
            {
                return $"unexpected: the event beat a step due in 2020 ({first})";
            }

            await context.CallActivityAsync<bool>(nameof(GatedStepActivity), input);
            return await WorkflowSteps.NextEventOrStepAsync<string>(context, EventName, step: null);
        }
    }

    public sealed class GatedStepActivity(Gate gate) : TaskActivity<string, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, string input)
        {
            gate.Started.TrySetResult();
            await gate.Release.Task;
            return true;
        }
    }
}
