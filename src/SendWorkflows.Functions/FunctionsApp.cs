using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SendWorkflows.Functions;

/// <summary>
/// The app's composition, for Program and for tests (which pass settings as <c>--Section:Key=value</c> arguments and
/// may replace services in <c>configure</c>): the isolated worker with the ASP.NET Core integration, so HTTP triggers
/// get the real HttpContext they hand to the shared web features; the workflows; the web features.
/// </summary>
public static class FunctionsApp
{
    public static IHost Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddFunctionsShell(builder.Configuration, registry => ShellWorkflows.Register(registry));
        builder.Services.AddFunctionsWeb(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
