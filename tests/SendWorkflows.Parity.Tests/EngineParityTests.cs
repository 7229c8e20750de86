using SendWorkflows.Parity.Tests.Engines;
using SendWorkflows.Workflows.Calendar;
using Xunit.Abstractions;

namespace SendWorkflows.Parity.Tests;

/// <summary>
/// The same scenarios on the embedded runtime and on the real Durable Task engine (DurableTaskTestHost), with the
/// same orchestrators, activities, dispatcher and loader: after every step both must have recorded the same
/// notifications, outcomes, rejections and register entries, and the dispatcher must have answered the same.
/// </summary>
public sealed class EngineParityTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ParityScenarios.Names), MemberType = typeof(ParityScenarios))]
    public async Task Both_engines_record_the_same(string scenario)
    {
        var now = DateTimeOffset.UtcNow;
        var today = WorkflowCalendar.UkDate(now.UtcDateTime);
        var steps = ParityScenarios.For(scenario, today);
        await using var embedded = new EmbeddedEngine(now);
        await using var real = await DurableTaskTestHostEngine.StartAsync();

        var number = 0;
        Snapshot? expected = null;
        foreach (var step in steps)
        {
            number++;
            var (embeddedAnswer, realAnswer) = step switch
            {
                Step.Load load => ((object)await embedded.LoadAsync(load.Row, today), (object)await real.LoadAsync(load.Row, today)),
                Step.Dispatch dispatch => ((object)await embedded.DispatchAsync(dispatch.Event), (object)await real.DispatchAsync(dispatch.Event)),
                _ => throw new InvalidOperationException(step.ToString()),
            };
            Assert.Equal(embeddedAnswer, realAnswer);

            expected = await embedded.SettleAsync(null);
            var actual = await real.SettleAsync(expected);
            Assert.True(actual.SameAs(expected),
                $"After step {number} of '{scenario}' ({step}) the engines differ.{Environment.NewLine}" +
                $"{embedded.Name}: {expected}{Environment.NewLine}{real.Name}: {actual}");
        }

        Assert.NotNull(expected);
        Assert.True(expected.Notifications.Count + expected.Outcomes.Count + expected.Rejected.Count + expected.Register.Count > 0,
            $"'{scenario}' recorded nothing, so it compares nothing.");
        Assert.NotEmpty(expected.Instances);
        output.WriteLine($"{scenario}: {expected.Notifications.Count} notifications, {expected.Outcomes.Count} outcomes, " +
            $"{expected.Rejected.Count} rejected, {expected.Register.Count} register entries on both engines; workflows: " +
            string.Join(", ", expected.Instances));
    }
}
