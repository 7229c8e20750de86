using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SendWorkflows.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddFunctionsShell(builder.Configuration, registry => ShellWorkflows.Register(registry));
builder.Build().Run();
