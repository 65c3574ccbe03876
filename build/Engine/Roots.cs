namespace Engine;

/// <summary>The repository root is the directory that holds <c>.nuke/</c>: given by --root, else found above the
/// build's own binary, else above the current directory.</summary>
internal static class Roots
{
    public static string Find(string? given)
    {
        if (given is not null)
            return Directory.Exists(Path.Combine(given, ".nuke"))
                ? Path.GetFullPath(given)
                : throw new BuildInputException($"--root: '{given}' has no .nuke directory");
        return Above(AppContext.BaseDirectory) ?? Above(Directory.GetCurrentDirectory())
               ?? throw new BuildInputException("no .nuke directory above the build or the current directory; run from the repository or " +
                   "pass --root");
    }

    static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".nuke"))
                && !dir.FullName.Contains($"{Path.DirectorySeparatorChar}.nuke{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                return dir.FullName;
        return null;
    }
}
