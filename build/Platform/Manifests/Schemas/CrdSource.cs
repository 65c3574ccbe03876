using System.Security.Cryptography;
using Engine;

namespace Trinity.Build.Platform.Manifests.Schemas;

/// <summary>Where the pinned CRDs come from: --crd-dir, else the download cache in .nuke/temp/crds, else a download
/// (from GitHub or --crd-mirror). Every file must match its pinned sha256.</summary>
public static class CrdSource
{
    /// <returns>The folder holding all pinned files, or null with the reason they are not here.</returns>
    public static async Task<(string? Folder, string? Problem)> LocateAsync(string? crdDir, string? mirror, CancellationToken ct)
    {
        var session = Session.Current;
        if (crdDir is not null)
        {
            var folder = Path.GetFullPath(Path.IsPathRooted(crdDir) ? crdDir : Path.Combine(Directory.GetCurrentDirectory(), crdDir));
            if (!Directory.Exists(folder)) throw new BuildInputException($"--crd-dir: '{crdDir}' is not a directory");
            var problem = PinnedCrds.Files.Select(f => Check(Path.Combine(folder, f.Name), f)).FirstOrDefault(p => p is not null);
            return problem is null ? (folder, null) : throw new TargetFailedException($"--crd-dir {crdDir}: {problem}; it must hold the pinned CRDs ({string.Join(", ", PinnedCrds.Files.Select(f => f.Name))})");
        }

        var cache = Path.Combine(session.Temp, "crds");
        if (PinnedCrds.Files.All(f => Check(Path.Combine(cache, f.Name), f) is null)) return (cache, null);
        if (session.IsDryRun) return (null, "dry run: nothing downloaded");

        Directory.CreateDirectory(cache);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        foreach (var file in PinnedCrds.Files)
        {
            var path = Path.Combine(cache, file.Name);
            if (Check(path, file) is null) continue;
            var url = mirror is null ? file.Url : mirror.TrimEnd('/') + "/" + file.Name;
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
            if (digest != file.Sha256) return (null, $"{url} has sha256 {digest}, not the pinned {file.Sha256}");
            var temporary = path + ".download";
            await File.WriteAllBytesAsync(temporary, bytes, ct);
            File.Move(temporary, path, overwrite: true);
            Log.Info($"downloaded {file.Name} (sha256 verified) into .nuke/temp/crds");
        }
        return (cache, null);
    }

    static string? Check(string path, PinnedCrds.File file)
    {
        if (!File.Exists(path)) return $"{file.Name} is missing";
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        return digest == file.Sha256 ? null : $"{file.Name} is not the pinned version (sha256 {digest[..12]}…, pinned {file.Sha256[..12]}…)";
    }
}
