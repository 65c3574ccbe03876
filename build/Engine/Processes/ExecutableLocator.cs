namespace Engine.Processes;

/// <summary>Finds a tool on the build's PATH (not the test process's), so a fake tool first on PATH is the one run.</summary>
internal static class ExecutableLocator
{
    public static string? Find(string executable, string? path)
    {
        if (executable.Contains('/') || executable.Contains('\\'))
            return File.Exists(executable) ? Path.GetFullPath(executable) : null;
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", ".bat", "" } : [""];
        foreach (var directory in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        foreach (var extension in extensions)
        {
            var candidate = Path.Combine(directory, executable + extension);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
