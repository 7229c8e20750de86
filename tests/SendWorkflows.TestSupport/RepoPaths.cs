namespace SendWorkflows.TestSupport;

/// <summary>The repository and its pinned node packages, found by walking up from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>A script of a pinned npm package, e.g. <c>NodeScript("azurite", "dist", "src", "azurite.js")</c>.</summary>
    public static string NodeScript(params string[] pathUnderNodeModules)
    {
        var script = Path.Combine([NodeModules, .. pathUnderNodeModules]);
        return File.Exists(script)
            ? script
            : throw new FileNotFoundException(
                $"{script} was not found; run `npm ci` at the repository root ({Root}); building SendWorkflows.TestSupport does it.", script);
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SendWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find the repository root (SendWorkflows.sln) above {AppContext.BaseDirectory}.");
    }
}
