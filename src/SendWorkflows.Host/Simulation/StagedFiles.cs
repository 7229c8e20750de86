namespace SendWorkflows.Host.Simulation;

/// <summary>
/// A run's files, written into a hidden folder inside the out folder and moved into place together only when the whole
/// run has succeeded: a run that fails part-way leaves the out folder as it was, never with some files new and others
/// missing or old. The folder is inside the out folder so that the moves are renames on one file system, whatever the
/// files' size.
/// </summary>
sealed class StagedFiles : IDisposable
{
    const string FolderName = ".simulate-partial";

    readonly string target;

    StagedFiles(string target)
    {
        this.target = target;
        Folder = Path.Combine(target, FolderName);
    }

    /// <summary>Where the run writes its files until <see cref="Commit"/>.</summary>
    public string Folder { get; }

    /// <summary>Starts an empty staging folder in <paramref name="directory"/>, clearing one a killed run left there.</summary>
    public static StagedFiles In(string directory)
    {
        var staged = new StagedFiles(directory);
        staged.Discard();
        Directory.CreateDirectory(staged.Folder);
        return staged;
    }

    /// <summary>Moves every staged file into the out folder, replacing a file of the same name, and removes the staging folder.</summary>
    public void Commit()
    {
        foreach (var file in Directory.GetFiles(Folder).Order(StringComparer.Ordinal))
        {
            File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        Directory.Delete(Folder);
    }

    /// <summary>Removes whatever was staged and not committed.</summary>
    public void Dispose() => Discard();

    void Discard()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
