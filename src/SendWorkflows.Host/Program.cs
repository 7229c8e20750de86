// Entry point; subcommands are added by the simulation and host work.
Console.Error.WriteLine("usage: sendworkflows simulate|serve|import ...");
return 2;
