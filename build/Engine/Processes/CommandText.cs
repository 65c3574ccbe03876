namespace Engine.Processes;

/// <summary>A command as a person would type it into a POSIX shell, for the log and for --dry-run.</summary>
public static class CommandText
{
    public static string Format(string tool, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(tool).Select(Quote));

    /// <summary>One word as a POSIX shell reads it back: bare when safe, else single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=@%+,".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
