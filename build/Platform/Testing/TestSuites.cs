using System.Text.Json;
using Engine;
using Engine.Processes;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Testing;

/// <summary>Every test suite of the repository, run and counted from the runners' own reports (CTRF), never from
/// their console text.</summary>
public static class TestSuites
{
    public static async Task<TestCounts> RunAllAsync(CancellationToken ct)
    {
        var dotnet = await DotNetAsync(ct);
        var infra = await InfraWorkspace.TestAsync(ct);
        if (!Session.Current.IsDryRun) Log.Info($"dotnet: {dotnet}; infra/pulumi: {infra}");
        return dotnet.Add(infra);
    }

    static async Task<TestCounts> DotNetAsync(CancellationToken ct)
    {
        var session = Session.Current;
        var results = Path.Combine(session.Temp, "test-results", "dotnet");
        if (Directory.Exists(results) && !session.IsDryRun) Directory.Delete(results, recursive: true);

        var run = await DotNet.Cli.RunAsync(
            ["test", "--solution", "trinity.slnx", "--results-directory", results, "--report-xunit-ctrf", "--no-progress", "--no-ansi"],
            new ToolOptions { AllowFailure = true }, ct);
        if (session.IsDryRun) return TestCounts.None;

        var counts = Directory.Exists(results)
            ? Directory.GetFiles(results, "*.ctrf").Select(ReadCtrf).Aggregate(TestCounts.None, (a, b) => a.Add(b))
            : TestCounts.None;
        // A suite that crashed writes no report but fails the run: count the run as incomplete.
        return run.Succeeded || counts.Failed > 0 ? counts : counts with { Complete = false };
    }

    static TestCounts ReadCtrf(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var summary = document.RootElement.GetProperty("results").GetProperty("summary");
        int Count(string name) => summary.TryGetProperty(name, out var v) ? v.GetInt32() : 0;
        return new TestCounts(Count("passed"), Count("failed"), Count("skipped") + Count("pending"), Complete: true);
    }
}
