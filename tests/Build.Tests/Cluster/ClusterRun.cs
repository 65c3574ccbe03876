using System.Text.Json.Nodes;

namespace Build.Tests.Cluster;

/// <summary>Runs the platform build against fake clusters: each cloud's kubeconfig at the root, as Kubeconfig writes it.</summary>
internal static class ClusterRun
{
    public static Task<ClusterResult> RunAsync(IReadOnlyList<PlatformCluster> clusters, params string[] args) =>
        RunInAsync(Harness.TempRoot(), clusters, [], args);

    /// <summary>In <paramref name="root"/> (a <see cref="PlatformCopy"/> when the run reads platform/), with more
    /// environment variables (GITHUB_ACTIONS and GITHUB_STEP_SUMMARY, to read the step summary).</summary>
    public static async Task<ClusterResult> RunInAsync(string root, IReadOnlyList<PlatformCluster> clusters,
        Dictionary<string, string?> environment, params string[] args)
    {
        foreach (var cluster in clusters) cluster.Api.WriteKubeconfig(Path.Combine(root, $"kubeconfig.{cluster.Cloud}.yaml"));
        var run = await Harness.Run<Trinity.Build.Build>([.. args, "--cloud", .. clusters.Select(c => c.Cloud)],
            new() { Root = root, Default = Trinity.Build.Build.DefaultTarget, Environment = environment });
        return new ClusterResult(run, root);
    }

    public static Task<ClusterResult> RunAsync(PlatformCluster cluster, params string[] args) => RunAsync([cluster], args);
}

internal sealed record ClusterResult(Harness.Result Run, string Root)
{
    public int ExitCode => Run.ExitCode;
    public string Out => Run.Out;

    /// <summary>One row of .nuke/temp/validate/&lt;cloud&gt;.json: verdict, evidence, remedy.</summary>
    public (string Verdict, string Evidence, string? Remedy) Check(string cloud, string name)
    {
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, ".nuke", "temp", "validate", $"{cloud}.json")))!.AsArray();
        var row = rows.SingleOrDefault(r => r!["name"]!.GetValue<string>() == name)
            ?? throw new InvalidOperationException($"no check '{name}' in {cloud}.json");
        return (row["verdict"]!.GetValue<string>(), row["evidence"]!.GetValue<string>(), row["remedy"]?.GetValue<string>());
    }
}
