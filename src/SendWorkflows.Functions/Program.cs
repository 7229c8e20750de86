using Microsoft.Extensions.Hosting;
using SendWorkflows.Functions;

FunctionsApp.Build(args).Run();
