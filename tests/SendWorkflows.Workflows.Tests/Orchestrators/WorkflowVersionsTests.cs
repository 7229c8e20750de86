using FakeItEasy;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Workflows.Tests.Orchestrators;

public sealed class WorkflowVersionsTests
{
    static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    static IEnumerable<(string Name, ITaskOrchestrator Orchestrator)> Registered() =>
        WorkflowRegistration.Register(new DurableTaskRegistry()).GetOrchestrators().Select(o => (o.Key.Name, o.Value(NoServices)));

    [Fact]
    public void Every_registered_orchestrator_is_versioned_and_new_instances_start_on_its_newest_version()
    {
        var registered = Registered().ToList();
        Assert.Equal(WorkflowVersions.NewestByOrchestrator.Keys.Order(StringComparer.Ordinal), registered.Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var (name, orchestrator) in registered)
        {
            var newest = orchestrator.GetType().GetProperty(nameof(VersionedOrchestrator<int, int>.Newest))?.GetValue(orchestrator) as string;
            Assert.True(newest is not null, $"{name} is not a VersionedOrchestrator");
            Assert.Equal((name, newest), (name, WorkflowVersions.NewestOf(name)));
            var versions = (IReadOnlyList<string>)orchestrator.GetType().GetProperty(nameof(VersionedOrchestrator<int, int>.Versions))!.GetValue(orchestrator)!;
            Assert.Equal(WorkflowVersions.First, versions[0]); // version 1 stays registered: instances stored before versions run it
        }
    }

    [Fact]
    public async Task A_version_that_is_not_registered_fails_with_the_versions_that_are()
    {
        var context = A.Fake<TaskOrchestrationContext>();
        A.CallTo(() => context.Version).Returns("7");
        A.CallTo(() => context.Name).Returns(new TaskName("WeeklyDigestOrchestrator"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new Council.WeeklyDigestOrchestrator().RunAsync(context, new Council.WeeklyDigestInput(new DateOnly(2026, 5, 4))));

        Assert.Equal(
            "WeeklyDigestOrchestrator has no version 7; registered: 1. Old versions stay registered until no instance runs them.", error.Message);
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("", "1")]
    [InlineData("2", "2")]
    public void An_instance_without_a_stored_version_runs_version_1(string? stored, string runs) =>
        Assert.Equal(runs, WorkflowVersions.OrFirst(stored));
}
