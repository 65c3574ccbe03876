namespace Engine;

/// <summary>Files a target changes outside its reports: written whole (a temporary file, then a rename) and masked,
/// or deleted. In a dry run each is only said.</summary>
public static class Files
{
    /// <summary>Writes <paramref name="content"/> (masked) to <paramref name="path"/>; false in a dry run, which only says it
    /// would.</summary>
    public static bool Write(string path, string content) => Change(path, "write", full =>
    {
        var temporary = $"{full}.tmp-{Environment.ProcessId}";
        File.WriteAllText(temporary, Session.Current.Output.Masker.Mask(content));
        File.Move(temporary, full, overwrite: true);
    });

    /// <summary>A file only its owner may read, from the first byte on (credentials): never masked, since it must work.</summary>
    public static bool WriteSecret(string path, string content) => Change(path, "write", full =>
    {
        var temporary = $"{full}.tmp-{Environment.ProcessId}";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, full, overwrite: true);
    });

    public static bool Delete(string path) => Change(path, "delete", File.Delete);

    public static bool DeleteDirectory(string path) => Change(path, "delete", full =>
    {
        if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
    });

    static bool Change(string path, string verb, Action<string> change)
    {
        var session = Session.Current;
        var full = Path.IsPathRooted(path) ? path : Path.Combine(session.Root, path);
        if (session.IsDryRun)
        {
            var shown = full.StartsWith(session.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? session.Relative(full)
                : full;
            session.Output.Line($"would {verb} {shown}", Output.Ansi.Cyan);
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        change(full);
        return true;
    }
}
