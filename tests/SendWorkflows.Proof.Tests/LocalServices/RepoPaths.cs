namespace SendWorkflows.Proof.Tests.LocalServices;

/// <summary>Where the repository, its pinned node packages and the built host are, found from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>
    /// The host's own build output (same configuration as these tests; building this project builds it), run as
    /// <c>dotnet sendworkflows.dll</c> so the process is the real executable with its own deps and settings.
    /// </summary>
    public static string HostDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Path.Combine(Root, "src", "SendWorkflows.Host", "bin", configuration, "net10.0", "sendworkflows.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The host is not built at {path}; build tests/SendWorkflows.Proof.Tests first.");
        }
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

        throw new InvalidOperationException($"No SendWorkflows.sln above {AppContext.BaseDirectory}.");
    }
}
