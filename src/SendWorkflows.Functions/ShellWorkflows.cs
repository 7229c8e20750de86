using SendWorkflows.Orchestration;

namespace SendWorkflows.Functions;

/// <summary>The workflows this app runs: the same registration the embedded runtime uses.</summary>
public static class ShellWorkflows
{
    public static DurableTaskRegistry Register(DurableTaskRegistry registry) => registry; // WorkflowRegistration.Register lands with the workflows
}
