using SendWorkflows.Host.Cli;

// The `sendworkflows` executable: `serve` (the default), `import`, `simulate`, `generate-demo`; see SendWorkflowsCli.
// `simulate` starts this executable again with its own runtime settings (SimulateInOwnProcess).
return await SimulateInOwnProcess.TryRunAsync(args) ?? await SendWorkflowsCli.RunAsync(args, Console.Out, Console.Error);
