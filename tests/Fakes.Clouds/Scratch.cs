namespace Fakes.Clouds;

/// <summary>Temporary directories the fixtures own and remove.</summary>
static class Scratch
{
    public static string NewDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "fakes-clouds", $"{purpose}-{Guid.NewGuid():n}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Remove(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { } // a child process still writing its logs; the OS temp cleaner gets it later
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>A port that was free a moment ago. A child process that must bind it itself can still lose a race,
    /// so callers retry on a failed start.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
