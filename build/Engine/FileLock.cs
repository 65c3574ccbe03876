namespace Engine;

/// <summary>A lock between processes: a file held open exclusively (on Unix .NET takes flock(2) for that, which
/// flock(1) in a shell script respects too). Acquiring waits while another process holds it, and says so once.</summary>
public sealed class FileLock : IDisposable
{
    readonly FileStream _stream;

    FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, Action onWait, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waited = false;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                if (!waited) onWait();
                waited = true;
                // Another process holds it: nothing to wait on but time.
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
