using SendWorkflows.Host.Simulation;

// The `sendworkflows` executable: one subcommand per line; each command lives in its own folder.
return args.FirstOrDefault() switch
{
    "simulate" => await SimulateCommand.RunAsync(args[1..], Console.Out, Console.Error),
    "generate-demo" => await GenerateDemoCommand.RunAsync(args[1..], Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: sendworkflows simulate|generate-demo|serve|import ...");
    Console.Error.WriteLine($"  {SimulateCommand.Usage}");
    Console.Error.WriteLine($"  {GenerateDemoCommand.Usage}");
    return 2;
}
