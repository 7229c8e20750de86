using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows;

namespace SendWorkflows.Functions;

/// <summary>The workflows this app runs: the same registration the embedded runtime uses.</summary>
public static class ShellWorkflows
{
    public static DurableTaskRegistry Register(DurableTaskRegistry registry) => WorkflowRegistration.Register(registry);
}
