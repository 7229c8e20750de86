using SendWorkflows.Orchestration;

namespace SendWorkflows.Orchestration.Tests;

public class DurableTaskRegistryTests
{
    sealed class Review : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => Task.FromResult(input);
    }

    sealed class SendMail : TaskActivity<string, bool>
    {
        public override Task<bool> RunAsync(TaskActivityContext context, string input) => Task.FromResult(true);
    }

    [Fact]
    public void Registers_by_class_name_and_finds_names_ignoring_case()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<Review>().AddActivity<SendMail>();

        Assert.True(registry.Orchestrators.ContainsKey("review"));
        Assert.True(registry.Activities.ContainsKey("SENDMAIL"));
        Assert.IsType<Review>(registry.Orchestrators["Review"](EmptyServiceProvider.Instance));
    }

    [Fact]
    public void A_second_registration_under_the_same_name_is_rejected_naming_it()
    {
        var registry = new DurableTaskRegistry().AddActivity<SendMail>();

        var ex = Assert.Throws<ArgumentException>(() => registry.AddActivity("sendmail", _ => new SendMail()));

        Assert.Contains("'sendmail'", ex.Message, StringComparison.Ordinal);
    }

    sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
