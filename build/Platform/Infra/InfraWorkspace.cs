using System.Text.Json;
using Engine;
using Trinity.Build.Platform.Testing;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>infra/pulumi: one npm workspace with a Pulumi project per cloud and the mock-based tests.</summary>
public static class InfraWorkspace
{
    public static string Folder => Path.Combine(Session.Current.Root, "infra", "pulumi");

    public static NpmWorkspace Packages { get; } = new("infra/pulumi");

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
