using System.Diagnostics;
using System.Text.Json;
using Engine;
using Engine.Processes;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Testing;

/// <summary>Every test suite of the repository, the .NET ones and infra/pulumi side by side, counted from the
/// runners' own reports (CTRF, mocha's JSON), never from their console text.</summary>
public static class TestSuites
{
    public static async Task<IReadOnlyList<SuiteResult>> RunAllAsync(string? crdFolder, CancellationToken ct)
    {
        var dotnet = DotNetAsync(crdFolder, ct);
        var infra = InfraWorkspace.TestAsync(ct);
        return [.. await dotnet, .. await infra];
    }

    static async Task<IReadOnlyList<SuiteResult>> DotNetAsync(string? crdFolder, CancellationToken ct)
    {
        var session = Session.Current;
        var results = Path.Combine(session.Temp, "test-results", "dotnet");
        Files.DeleteDirectory(results);

        var clock = Stopwatch.StartNew();
        var run = await DotNet.Cli.RunAsync(
            ["test", "--solution", "trinity.slnx", "--results-directory", results, "--report-xunit-ctrf", "--no-progress", "--no-ansi"],
            new ToolOptions { AllowFailure = true, Environment = new Dictionary<string,
                string?> { [TestEnvironment.CrdFolder] = crdFolder } }, ct);
        if (run.IsPlanned) return [];

        // Each module names its report after itself (tests/Directory.Build.props): the default name is a timestamp, and
        // two modules started together once wrote one file, so a suite went missing from the counts.
        var suites = Directory.Exists(results) ? Directory.GetFiles(results, "*.ctrf").Select(f => ReadCtrf(session.Root, f))
            .ToList() : [];
        // A module without a report is named, never left out of the table.
        suites.AddRange(Modules(session.Root).Where(m => suites.All(s => s.Name != m))
            .Select(m => new SuiteResult(m, TestCounts.None with { Complete = false }, clock.Elapsed, [])));
        suites = [.. suites.OrderBy(s => s.Name, StringComparer.Ordinal)];
        // A failed run with every report complete and green (a build error, say) is incomplete, whatever the reports say.
        if (!run.Succeeded && suites.All(s => s.Counts.Failed == 0 && s.Counts.Complete))
            suites.Add(new SuiteResult("dotnet test", TestCounts.None with { Complete = false }, clock.Elapsed, []));
        return suites;
    }

    /// <summary>The test modules of trinity.slnx: its projects named *.Tests.</summary>
    static IEnumerable<string> Modules(string root) =>
        System.Xml.Linq.XDocument.Load(Path.Combine(root, "trinity.slnx")).Descendants("Project")
            .Select(p => Path.GetFileNameWithoutExtension((string?)p.Attribute("Path") ?? ""))
            .Where(n => n.EndsWith(".Tests", StringComparison.Ordinal));

    static SuiteResult ReadCtrf(string root, string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var report = document.RootElement.GetProperty("results");
        var summary = report.GetProperty("summary");
        int Count(string name) => summary.TryGetProperty(name, out var v) ? v.GetInt32() : 0;
        var tests = report.TryGetProperty("tests", out var t) ? [.. t.EnumerateArray()] : new List<JsonElement>();
        var skipped = tests
            .Where(e => Text(e, "status") is "skipped" or "pending")
            .Select(e => new SkippedTest(Text(e, "name") ?? "?", Text(e, "message") ?? "no reason given"))
            .ToList();
        var duration = TimeSpan.FromMilliseconds(summary.GetProperty("stop").GetInt64() - summary.GetProperty("start").GetInt64());
        return new SuiteResult(Project(root, tests) ?? Path.GetFileNameWithoutExtension(path),
            new TestCounts(Count("passed"), Count("failed"), Count("skipped") + Count("pending"), Complete: true), duration, skipped);
    }

    /// <summary>The test project the report is about: tests/&lt;Project&gt;/… of its tests' source files.</summary>
    static string? Project(string root, List<JsonElement> tests) =>
        tests.Select(e => Text(e, "filePath")).OfType<string>()
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/').Split('/'))
            .Where(parts => parts.Length > 2 && parts[0] == "tests")
            .Select(parts => parts[1])
            .FirstOrDefault();

    static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        ? v.GetString() : null;
}
