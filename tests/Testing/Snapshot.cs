using System.Runtime.CompilerServices;
using Engine.Text;

namespace Testing;

/// <summary>Screens pinned as files (<c>Snapshots/&lt;name&gt;</c> beside the test), so one reviewed file holds what a
/// person sees and a diff shows what changed. <c>UPDATE_SNAPSHOTS=1</c> rewrites them from the current output.</summary>
public static class Snapshot
{
    public static void ShouldMatchSnapshot(this string actual, string name, [CallerFilePath] string testFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots", name);
        var text = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return;
        }
        if (!File.Exists(path)) throw new InvalidOperationException($"no snapshot {path}; run the test with UPDATE_SNAPSHOTS=1 and " +
            $"review the file");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != text)
            throw new SnapshotMismatchException($"the output differs from {name} (UPDATE_SNAPSHOTS=1 rewrites " +
                $"it):\n{LineDiff.Unified(text, expected, name)}");
    }
}

public sealed class SnapshotMismatchException(string message) : Exception(message);
