using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Intake;

// The one local executable: a small dispatcher over the subcommands. `serve` is the default.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;

return command switch
{
    "serve" => await ServeCommand.RunAsync(rest),
    "import" => await ImportCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: sendworkflows [serve] [--Setting=value ...]
               sendworkflows import --caseload FILE --contacts FILE
               sendworkflows simulate --caseload FILE --contacts FILE [--events FILE] --from DATE --to DATE --out DIR
        """);
    return 2;
}
