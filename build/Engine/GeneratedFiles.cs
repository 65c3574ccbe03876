using Engine.Text;

namespace Engine;

/// <summary>Files the build generates and commits (schema, workflows). Written from the definitions; checked for
/// drift so CI fails when someone edits one by hand or forgets to regenerate.</summary>
public static class GeneratedFiles
{
    public static void Write(string relativePath, string content)
    {
        var path = Path.Combine(Session.Current.Root, relativePath);
        if (File.Exists(path) && File.ReadAllText(path) == content) Log.Info($"{relativePath} is up to date");
        else if (Files.Write(path, content)) Log.Info($"wrote {relativePath}");
    }

    /// <returns>null when the committed file matches; otherwise the drift, as a diff.</returns>
    public static string? Drift(string relativePath, string content)
    {
        var path = Path.Combine(Session.Current.Root, relativePath);
        if (!File.Exists(path)) return $"{relativePath} is missing";
        var committed = File.ReadAllText(path);
        return committed.Replace("\r\n", "\n") == content ? null : LineDiff.Unified(content, committed, relativePath);
    }

    /// <summary>Fails the target with the diff and the command that regenerates the file.</summary>
    public static void Check(string relativePath, string content, string fixCommand)
    {
        if (!File.Exists(Path.Combine(Session.Current.Root, relativePath)))
            throw new TargetFailedException($"{relativePath} is missing; run {fixCommand} and commit the result");
        if (Drift(relativePath, content) is not { } drift)
        {
            Log.Success($"{relativePath} matches its definitions");
            return;
        }
        Log.Info(drift);
        throw new TargetFailedException($"{relativePath} is stale: it differs from what the build's definitions generate; run " +
            $"{fixCommand} and commit the result");
    }
}
