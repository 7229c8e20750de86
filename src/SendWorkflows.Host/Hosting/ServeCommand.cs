using System.CommandLine;
using SendWorkflows.Host.Cli;
using SendWorkflows.Web.Links;

namespace SendWorkflows.Host.Hosting;

/// <summary><c>sendworkflows serve</c>: the web app, the embedded runtime and the queue reader until Ctrl+C.</summary>
public static class ServeCommand
{
    public static Command Command()
    {
        var command = new Command(
            "serve",
            "Run the web app (intake API, dashboard, response pages), the embedded workflow runtime and the queue reader " +
            "until Ctrl+C. Settings: --Section:Key=value, e.g. --Storage:ConnectionString=... --Links:SigningKey=...")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(SendWorkflowsCli.Settings(parsed)));
        return command;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var app = SendWorkflowsApp.Build(args);
        try
        {
            // Fail at start, naming the setting, rather than on the first e-mail or link.
            app.Services.GetRequiredService<ResponseLinkSigner>();
            // Outside Development: no published sample secret, none too weak, no demo (issue 20).
            StartupSecrets.Enforce(app.Environment, app.Configuration);
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync($"serve: {exception.Message}");
            return 2;
        }

        await app.RunAsync();
        return 0;
    }
}
