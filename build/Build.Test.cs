using Engine;
using Trinity.Build.Platform.Benchmarks;
using Trinity.Build.Platform.Manifests.Schemas;
using Trinity.Build.Platform.Testing;
using Trinity.Build.Tools;

namespace Trinity.Build;

public sealed partial class Build
{
    Target DotNetTools => _ => _
        .Description("dotnet tool restore: the tools dotnet-tools.json pins (pwsh, which the build.ps1 tests run under).")
        .Executes(ct => DotNet.Cli.RunAsync(["tool", "restore"], cancellationToken: ct));

    Target TestDependencies => _ => _
        .Description($"npm ci in {NpmWorkspace.TestTools.Display} (mermaid, which the tests parse every generated diagram with), " +
            "when its package-lock.json changed since the last install.")
        .Executes(ct => NpmWorkspace.TestTools.EnsureInstalledAsync(ct));

    Target Test => _ => _
        .Description("Every test suite of the repository, side by side; ends with one line 'N passed, N failed'.")
        .DependsOn(InfraDependencies, ToolDependencies, TestDependencies, DotNetTools)
        .Executes(async ct =>
        {
            var counts = TestReport.Print(await TestSuites.RunAllAsync(TestCrdFolder(), ct));
            if (!counts.Succeeded) throw new TargetFailedException(counts.Failed > 0 ? $"{counts.Failed} tests failed"
                : "a test suite did not finish");
        });

    /// <summary>The real upstream CRDs for the tests that judge the real tree by them: --crd-dir, else what an earlier
    /// Verify downloaded, when it holds every pin; else none, and those tests skip saying so.</summary>
    string? TestCrdFolder()
    {
        var pins = PinnedCrds.Load(RootDirectory);
        if (Blank(CrdDir) is { } given)
        {
            var folder = CrdSource.Given(given);
            return CrdSource.Problem(folder, pins) is { } problem ? throw new TargetFailedException($"--crd-dir {given}: {problem}")
                : folder;
        }
        return CrdSource.Problem(CrdSource.Cache, pins) is null ? CrdSource.Cache : null;
    }

    Target Benchmark => _ => _
        .Description("Startup (warm ./build.sh vs dotnet run) and the cluster leg (Validate across clouds, wave reaction, API requests).")
        .Executes(async ct =>
        {
            await StartupBenchmark.RunAsync(Command, ct);
            await ClusterBenchmark.RunAsync(ct);
        })
        .DryRun(() => $"time {Command} --help against dotnet run, then run tests/Benchmarks against fake clusters");
}
