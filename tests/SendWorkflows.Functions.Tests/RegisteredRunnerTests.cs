using System.Text.Json;
using FakeItEasy;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Functions.Dispatch;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Durable = Microsoft.DurableTask;

namespace SendWorkflows.Functions.Tests;

public sealed class RegisteredRunnerTests
{
    readonly DurableTaskRegistry registry = new DurableTaskRegistry()
        .AddOrchestrator<GreetingOrchestrator>()
        .AddActivity<GreetActivity>()
        .AddActivity<StartFollowUpActivity>();

    readonly IServiceProvider services = new ServiceCollection().BuildServiceProvider();

    [Fact]
    public async Task The_orchestrator_named_like_the_function_runs_on_the_real_context_with_its_typed_input()
    {
        var real = A.Fake<Durable.TaskOrchestrationContext>();
        A.CallTo(() => real.Name).Returns(new Durable.TaskName(nameof(GreetingOrchestrator)));
        A.CallTo(() => real.GetInput<JsonElement>()).Returns(Json("""{"caseId":"C1","on":"2026-11-23"}"""));
        A.CallTo(() => real.CallActivityAsync<string>(A<Durable.TaskName>._, A<object?>._, A<Durable.TaskOptions?>._)).Returns("hello C1");

        var output = await new RegisteredOrchestratorRunner(registry).RunAsync(real, services);

        Assert.Equal("hello C1 on 2026-11-23", output);
        A.CallTo(() => real.CallActivityAsync<string>(
                A<Durable.TaskName>.That.Matches(n => n.Name == nameof(GreetActivity)), "C1", A<Durable.TaskOptions?>._))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task An_unregistered_orchestrator_name_is_reported_by_name()
    {
        var real = A.Fake<Durable.TaskOrchestrationContext>();
        A.CallTo(() => real.Name).Returns(new Durable.TaskName("Typo"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new RegisteredOrchestratorRunner(registry).RunAsync(real, services));

        Assert.Contains("'Typo'", error.Message);
    }

    [Fact]
    public async Task An_input_of_the_wrong_shape_names_the_orchestrator_and_type()
    {
        var real = A.Fake<Durable.TaskOrchestrationContext>();
        A.CallTo(() => real.Name).Returns(new Durable.TaskName(nameof(GreetingOrchestrator)));
        A.CallTo(() => real.GetInput<JsonElement>()).Returns(Json("""{"caseId":"C1","on":"23/11/2026"}"""));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new RegisteredOrchestratorRunner(registry).RunAsync(real, services));

        Assert.Contains(nameof(GreetingOrchestrator), error.Message);
        Assert.Contains(nameof(GreetingInput), error.Message);
    }

    [Fact]
    public async Task The_activity_named_like_the_function_runs_with_its_typed_input_and_instance_id()
    {
        var output = await new RegisteredActivityRunner(registry).RunAsync(nameof(GreetActivity), "greeting-C9", Json("\"C9\""), services);

        Assert.Equal("hello C9 from greeting-C9", output);
    }

    [Fact]
    public async Task An_activity_that_starts_workflows_gets_the_invocations_durable_client()
    {
        var client = A.Fake<DurableTaskClient>();
        A.CallTo(() => client.ScheduleNewOrchestrationInstanceAsync(A<TaskName>._, A<object?>._, A<StartOrchestrationOptions?>._, A<CancellationToken>._))
            .Returns("review:P1");

        var output = await new RegisteredActivityRunner(registry).RunAsync(
            nameof(StartFollowUpActivity), "assessment:P1", Json("\"P1\""), new DurableClientServices(services, client));

        Assert.Equal("review:P1", output);
    }

    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public sealed record GreetingInput(string CaseId, DateOnly On);

    public sealed class GreetingOrchestrator : TaskOrchestrator<GreetingInput, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, GreetingInput input) =>
            $"{await context.CallActivityAsync<string>(nameof(GreetActivity), input.CaseId)} on {input.On:yyyy-MM-dd}";
    }

    public sealed class StartFollowUpActivity(DurableTaskClient client) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) =>
            client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingOrchestrator), input, new StartOrchestrationOptions($"review:{input}"));
    }

    public sealed class GreetActivity : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) =>
            Task.FromResult($"hello {input} from {context.InstanceId}");
    }
}
