using System.Text.Json;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.Testing;

namespace Build.Tests;

/// <summary>A copy of the real platform/ (and the files Verify scans) in a temporary root, to break one thing in and
/// run Verify on.</summary>
internal sealed class PlatformCopy
{
    public string Root { get; } = Harness.TempRoot();

    public PlatformCopy()
    {
        var source = Harness.RepositoryRoot();
        Copy(Path.Combine(source, "platform"), Path.Combine(Root, "platform"));
        Copy(Path.Combine(source, "infra", "pulumi"), Path.Combine(Root, "infra", "pulumi"));
        // The documents whose generated diagrams Verify checks.
        foreach (var document in new[] { "README.md" }) File.Copy(Path.Combine(source, document), PathOf(document));
        foreach (var file in Directory.GetFiles(Path.Combine(source, ".nuke"), "*.json"))
            File.Copy(file, Path.Combine(Root, ".nuke", Path.GetFileName(file)));
        // The build's node tools (Verify parses dashboards' PromQL with them): the files, and the repository's installed
        // node_modules, which ToolDependencies keeps current before the tests run (so the copies skip it).
        var tools = Directory.CreateDirectory(PathOf("tools/node")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(source, "tools", "node"))) File.Copy(file, Path.Combine(tools,
            Path.GetFileName(file)));
        Directory.CreateSymbolicLink(Path.Combine(tools, "node_modules"), Path.Combine(source, "tools", "node", "node_modules"));
    }

    /// <summary>The real upstream CRDs that platform/crds.json pins, where the Test target found them (its --crd-dir,
    /// or the download cache of an earlier Verify), or null.</summary>
    public static string? PinnedCrdFolderOrNull => Environment.GetEnvironmentVariable(TestEnvironment.CrdFolder) is { Length: > 0 } folder
        && Directory.Exists(folder) ? folder : null;

    /// <summary>For the tests that judge the real tree against the real upstream schemas: skipped, with the reason and
    /// the remedy, where those files are not at hand. Tests of downloading and pinning serve files of their own.</summary>
    public static string PinnedCrdFolder => PinnedCrdFolderOrNull ?? throw Xunit.Sdk.SkipException.ForSkip(
        "needs the upstream CRDs platform/crds.json pins: run ./build.sh Test --crd-dir <folder>, or let ./build.sh download them once " +
            "(network)");

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Edit(string relative, string from, string to)
    {
        var path = PathOf(relative);
        var text = File.ReadAllText(path);
        text.ShouldContain(from, customMessage: $"{relative} no longer holds the text this test breaks");
        File.WriteAllText(path, text.Replace(from, to));
    }

    public void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
    }

    public async Task<Verified> VerifyAsync(params string[] extra)
    {
        // Without the CRDs at hand, rules that need none still run: the download is pointed at a closed port.
        string[] crds = extra.Contains("--no-crds") ? [] : PinnedCrdFolderOrNull is { } folder ? ["--crd-dir", folder]
            : ["--crd-mirror", "http://127.0.0.1:9/"];
        string[] args = ["VerifyManifests", .. crds, .. extra.Where(a => a != "--no-crds"), "--skip", "ToolDependencies"];
        var run = await Harness.Run<Trinity.Build.Build>(args, new() { Root = Root, Default = Trinity.Build.Build.DefaultTarget });
        var report = PathOf(".nuke/temp/verify.json");
        var findings = File.Exists(report)
            ? JsonNode.Parse(File.ReadAllText(report))!["findings"]!.AsArray().Select(f => f.Deserialize<Finding>(Json)!).ToList()
            : [];
        return new Verified(run, findings);
    }

    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains("node_modules")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}

internal sealed record Finding(string File, string Object, string Rule, string Message, string Fix, string Severity);

internal sealed record Verified(Harness.Result Run, IReadOnlyList<Finding> Findings)
{
    public IReadOnlyList<Finding> Of(string rule) => [.. Findings.Where(f => f.Rule == rule)];
}
