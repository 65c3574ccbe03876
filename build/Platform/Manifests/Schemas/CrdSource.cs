using System.Security.Cryptography;
using Engine;

namespace Trinity.Build.Platform.Manifests.Schemas;

/// <summary>Where the pinned CRDs come from: --crd-dir, else the download cache in .nuke/temp/crds, else a download
/// (from each pin's url, or --crd-mirror). Every file must match its pinned sha256.</summary>
public static class CrdSource
{
    /// <summary>The download cache, also what the Test target hands the schema tests when it holds every pin.</summary>
    public static string Cache => Path.Combine(Session.Current.Temp, "crds");

    /// <returns>The folder holding all pinned files, or null with the reason they are not here.</returns>
    public static async Task<(string? Folder, string? Problem)> LocateAsync(IReadOnlyList<PinnedCrd> pins, string? crdDir, string? mirror,
        CancellationToken ct)
    {
        var session = Session.Current;
        if (crdDir is not null)
        {
            var folder = Given(crdDir);
            var problem = Problem(folder, pins);
            return problem is null ? (folder, null)
                : throw new TargetFailedException($"--crd-dir {crdDir}: {problem}; it must hold the pinned CRDs " +
                    $"({string.Join(", ", pins.Select(f => f.File))})");
        }

        if (Problem(Cache, pins) is null) return (Cache, null);

        Directory.CreateDirectory(Cache);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        foreach (var pin in pins)
        {
            var path = Path.Combine(Cache, pin.File);
            if (Check(path, pin) is null) continue;
            var url = mirror is null ? pin.Url : mirror.TrimEnd('/') + "/" + pin.File;
            byte[] bytes;
            try
            {
                bytes = await http.GetByteArrayAsync(url, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return (null, $"downloading {url} failed: {e.Message}");
            }
            var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (digest != pin.Sha256) return (null, $"{url} has sha256 {digest}, not the pinned {pin.Sha256}");
            var temporary = $"{path}.download-{Environment.ProcessId}";
            await File.WriteAllBytesAsync(temporary, bytes, ct);
            File.Move(temporary, path, overwrite: true);
            Log.Info($"downloaded {pin.File} (sha256 verified) into .nuke/temp/crds");
        }
        return (Cache, null);
    }

    /// <summary>A folder named on the command line, relative to where the user stands.</summary>
    public static string Given(string crdDir)
    {
        var folder = Path.GetFullPath(Path.IsPathRooted(crdDir) ? crdDir : Path.Combine(Directory.GetCurrentDirectory(), crdDir));
        return Directory.Exists(folder) ? folder : throw new BuildInputException($"--crd-dir: '{crdDir}' is not a directory");
    }

    /// <summary>Why the folder does not hold every pinned file, or null when it does.</summary>
    public static string? Problem(string folder, IReadOnlyList<PinnedCrd> pins) =>
        pins.Select(f => Check(Path.Combine(folder, f.File), f)).FirstOrDefault(p => p is not null);

    static string? Check(string path, PinnedCrd pin)
    {
        if (!File.Exists(path)) return $"{pin.File} is missing";
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        return digest == pin.Sha256 ? null : $"{pin.File} is not the pinned version (sha256 {digest[..12]}…, pinned {pin.Sha256[..12]}…)";
    }
}
