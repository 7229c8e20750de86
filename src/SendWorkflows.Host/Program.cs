using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Simulation;

// The `sendworkflows` executable: one subcommand per line; each command lives in its own folder. `serve` is the
// default, so `sendworkflows --Setting=value` serves too.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;

return command switch
{
    "serve" => await ServeCommand.RunAsync(rest),
    "import" => await ImportCommand.RunAsync(rest),
    "simulate" => await SimulateCommand.RunAsync(rest, Console.Out, Console.Error),
    "generate-demo" => await GenerateDemoCommand.RunAsync(rest, Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: sendworkflows [serve] [--Section:Key=value ...]");
    Console.Error.WriteLine("  sendworkflows import --caseload FILE --contacts FILE");
    Console.Error.WriteLine($"  {SimulateCommand.Usage}");
    Console.Error.WriteLine($"  {GenerateDemoCommand.Usage}");
    return 2;
}
