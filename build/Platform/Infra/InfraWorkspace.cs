using System.Security.Cryptography;
using System.Text.Json;
using Engine;
using Trinity.Build.Platform.Testing;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>infra/pulumi: one npm workspace with a Pulumi project per cloud and the mock-based tests.</summary>
public static class InfraWorkspace
{
    public static string Folder => Path.Combine(Session.Current.Root, "infra", "pulumi");

    static string Lock => Path.Combine(Folder, "package-lock.json");

    // Written after a successful npm ci: the lock file it installed. npm ci wipes node_modules, and this file with it.
    static string Stamp => Path.Combine(Folder, "node_modules", ".trinity-lock.sha256");

    /// <summary>npm ci, only when node_modules was not installed from the lock file as it is now.</summary>
    public static async Task EnsureDependenciesAsync(CancellationToken ct)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Lock)));
        if (File.Exists(Stamp) && File.ReadAllText(Stamp).Trim() == digest)
        {
            Log.Info("infra/pulumi/node_modules matches package-lock.json; nothing to install");
            return;
        }
        Log.Info(File.Exists(Stamp) ? "package-lock.json changed since the last install" : "infra/pulumi/node_modules was not installed by this build yet");
        await Npm.CleanInstallAsync(Folder, ct);
        if (!Session.Current.IsDryRun) File.WriteAllText(Stamp, digest + "\n");
    }

    /// <summary>tsc --noEmit for every project, then mocha, counted from its JSON report. A type error counts as
    /// one failed test, so it cannot hide behind a green mocha run.</summary>
    public static async Task<TestCounts> TestAsync(CancellationToken ct)
    {
        var session = Session.Current;
        var report = Path.Combine(session.Temp, "test-results", "infra-mocha.json");
        if (File.Exists(report)) File.Delete(report);

        var typecheck = await Npm.RunScriptAsync(Folder, "typecheck", ct);
        var mocha = await Npm.ExecAsync(Folder, "mocha", ["--reporter", "json", "--reporter-option", $"output={report}"], ct);
        if (session.IsDryRun) return TestCounts.None;

        var types = typecheck.Succeeded ? new TestCounts(1, 0, 0, true) : new TestCounts(0, 1, 0, true);
        if (!typecheck.Succeeded) Log.Error("infra/pulumi: tsc --noEmit found type errors (above)");
        if (!File.Exists(report)) return types with { Complete = false };

        using var document = JsonDocument.Parse(File.ReadAllBytes(report));
        var stats = document.RootElement.GetProperty("stats");
        var counts = new TestCounts(stats.GetProperty("passes").GetInt32(), stats.GetProperty("failures").GetInt32(), stats.GetProperty("pending").GetInt32(), Complete: true);
        return types.Add(mocha.Succeeded || counts.Failed > 0 ? counts : counts with { Complete = false });
    }
}
