using Engine;
using Trinity.Build.Platform.Benchmarks;
using Trinity.Build.Platform.Testing;

namespace Trinity.Build;

public sealed partial class Build
{
    Target Test => _ => _
        .Description("Every test suite of the repository; ends with one line 'N passed, N failed'.")
        .DependsOn(InfraDependencies, ToolDependencies)
        .Executes(async ct =>
        {
            var counts = await TestSuites.RunAllAsync(ct);
            if (IsDryRun) return;
            Summary.Note($"{counts.Passed} passed, {counts.Failed} failed");
            Summary.ClosingLine(counts.ToString());
            if (!counts.Succeeded) throw new TargetFailedException(counts.Failed > 0 ? $"{counts.Failed} tests failed" : "a test suite did not finish");
        });

    Target Benchmark => _ => _
        .Description("Startup (warm ./build.sh vs dotnet run) and the cluster leg (Validate across clouds, wave reaction, API requests).")
        .Executes(async ct =>
        {
            await StartupBenchmark.RunAsync(Command, ct);
            await ClusterBenchmark.RunAsync(ct);
        });
}
