using System.Diagnostics;
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

    /// <summary>tsc --noEmit for every project, then mocha, counted from its JSON report: two suites. A type error
    /// counts as one failed test, so it cannot hide behind a green mocha run.</summary>
    public static async Task<IReadOnlyList<SuiteResult>> TestAsync(CancellationToken ct)
    {
        var session = Session.Current;
        var report = Path.Combine(session.Temp, "test-results", "infra-mocha.json");
        if (File.Exists(report)) Files.Delete(report);

        var clock = Stopwatch.StartNew();
        var typecheck = await Npm.RunScriptAsync(Folder, "typecheck", ct);
        var typed = clock.Elapsed;
        var mocha = await Npm.ExecAsync(Folder, "mocha", ["--reporter", "json", "--reporter-option", $"output={report}"], ct);
        if (mocha.IsPlanned) return [];

        var types = new SuiteResult("infra/pulumi tsc", typecheck.Succeeded ? new TestCounts(1, 0, 0, true) : new TestCounts(0, 1, 0, true),
            typed, []);
        if (!typecheck.Succeeded) Log.Error("infra/pulumi: tsc --noEmit found type errors (above)");
        if (!File.Exists(report)) return [types,
            new SuiteResult("infra/pulumi mocha", TestCounts.None with { Complete = false }, clock.Elapsed - typed, [])];

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(report, ct));
        var (counts, skipped) = MochaReport.Read(document.RootElement);
        return [types,
            new SuiteResult("infra/pulumi mocha", mocha.Succeeded || counts.Failed > 0 ? counts : counts with { Complete = false },
                clock.Elapsed - typed, skipped)];
    }
}
