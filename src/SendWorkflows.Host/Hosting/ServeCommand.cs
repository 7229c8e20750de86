namespace SendWorkflows.Host.Hosting;

/// <summary><c>sendworkflows serve</c>: the web app, the embedded runtime and the queue reader until Ctrl+C.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = SendWorkflowsApp.Build(args);
        await app.RunAsync();
        return 0;
    }
}
