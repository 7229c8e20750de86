using SendWorkflows.Host.Cli;

// The `sendworkflows` executable: `serve` (the default), `import`, `simulate`, `generate-demo`; see SendWorkflowsCli.
return await SendWorkflowsCli.RunAsync(args, Console.Out, Console.Error);
