using System.Globalization;

namespace Engine.Execution;

/// <summary>Where the stack trace of an unexpected failure goes: a file under .nuke/temp/logs, masked like all output,
/// named for the target and the moment; the console shows its path in the failure's one line.</summary>
internal static class TraceLog
{
    public static string Write(string title, Exception e)
    {
        var session = Session.Current;
        var name = new string([.. title.Select(c => char.IsLetterOrDigit(c) ? c : '-')]).Trim('-');
        var path = Path.Combine(session.Temp, "logs",
            $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.log");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, session.Output.Masker.Mask($"{title} failed\n\n{e}\n"));
            return session.Relative(path);
        }
        catch (IOException)
        {
            return "not written: .nuke/temp/logs is not writable";
        }
    }
}
