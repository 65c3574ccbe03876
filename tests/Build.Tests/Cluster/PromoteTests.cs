using System.Diagnostics;

namespace Build.Tests.Cluster;

/// <summary>Promote against three fake clusters of dev and a Git history of the platform: the revision all of dev's
/// clouds synced is pinned in prod's declaration and generated files; disagreeing or unhealthy clouds are refused with
/// exit 2, named, and nothing is written.</summary>
public sealed class PromoteTests
{
    static readonly string[] CloudNames = ["aws", "gcp", "azure"];

    /// <summary>A platform copy in a Git repository with prod declared and pinned to a first commit, then a change
    /// under platform/hello: what dev now runs.</summary>
    sealed class History
    {
        public PlatformCopy Copy { get; } = new();
        public string Pinned { get; private set; } = "";
        public string Head { get; private set; } = "";

        public static async Task<History> StartAsync()
        {
            var history = new History();
            var root = history.Copy.Root;
            var added = await Run(history.Copy, "AddEnvironment", "--environment", "prod");
            added.ExitCode.ShouldBe(0, added.All);
            Git(root, "init", "-q", "-b", "main");
            Git(root, "add", "-A");
            Git(root, "commit", "-q", "-m", "platform");
            history.Pinned = Git(root, "rev-parse", "HEAD");
            history.Copy.Edit("platform/environments/prod.yaml", "revision: main", $"revision: {history.Pinned}");
            (await Run(history.Copy, "GenerateEnvironments")).ExitCode.ShouldBe(0);
            Git(root, "commit", "-q", "-am", "pin prod");
            history.Copy.Write("platform/hello/NOTES.md", "hello, promoted\n");
            Git(root, "add", "-A");
            Git(root, "commit", "-q", "-m", "hello notes");
            history.Head = Git(root, "rev-parse", "HEAD");
            return history;
        }

        public string Declaration => File.ReadAllText(Copy.PathOf("platform/environments/prod.yaml"));
    }

    /// <summary>dev's three clusters, every Application at one revision; disposed together.</summary>
    sealed class DevClusters : List<PlatformCluster>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var cluster in this) await cluster.DisposeAsync();
        }
    }

    static async Task<DevClusters> DevAtAsync(string revision)
    {
        var clusters = new DevClusters();
        foreach (var cloud in CloudNames)
        {
            var cluster = await PlatformCluster.StartAsync(cloud);
            AtRevision(cluster, revision);
            clusters.Add(cluster);
        }
        return clusters;
    }

    static void AtRevision(PlatformCluster cluster, string revision)
    {
        foreach (var app in cluster.Children.Select(c => c.Name).Prepend(cluster.Root))
            cluster.App(app, a => a["status"]!["sync"]!["revision"] = revision);
    }

    static Task<Harness.Result> Run(PlatformCopy copy, params string[] args) =>
        Harness.Run<Trinity.Build.Build>(args, new() { Root = copy.Root, Default = Trinity.Build.Build.DefaultTarget });

    static async Task<Harness.Result> PromoteAsync(History history, IEnumerable<PlatformCluster> clusters)
    {
        foreach (var cluster in clusters)
            cluster.Api.WriteKubeconfig(history.Copy.PathOf($"kubeconfig.{cluster.Cloud}.yaml"));
        return await Run(history.Copy, "Promote", "--from", "dev", "--to", "prod");
    }

    [Fact]
    public async Task Agreeing_healthy_clouds_pin_prod_to_their_commit_and_the_change_under_platform_is_printed()
    {
        var history = await History.StartAsync();
        await using var clusters = await DevAtAsync(history.Head);
        var run = await PromoteAsync(history, clusters);
        run.ExitCode.ShouldBe(0, run.All);
        history.Declaration.ShouldContain($"revision: {history.Head}\n");
        history.Declaration.ShouldContain("# The environment prod, declared once");
        foreach (var cloud in CloudNames)
        {
            File.ReadAllText(history.Copy.PathOf($"platform/argocd/roots/prod-{cloud}/kustomization.yaml"))
                .ShouldContain($"path: /spec/source/targetRevision, value: {history.Head}}}");
            File.ReadAllText(history.Copy.PathOf($"platform/argocd/roots/dev-{cloud}/kustomization.yaml"))
                .ShouldContain("path: /spec/source/targetRevision, value: main}");
        }
        run.Out.ShouldContain($"prod: {history.Pinned} → {history.Head} (dev's, on aws, gcp, azure)");
        run.Out.ShouldContain($"what changes under platform/ from {history.Pinned[..12]} to {history.Head[..12]} (2 commits):",
            customMessage: run.Out);
        run.Out.ShouldContain("hello notes");
        run.Out.ShouldContain("platform/hello/NOTES.md");
        run.Out.ShouldNotContain("platform/argocd/roots/dev-", customMessage: "only prod's files are regenerated");
        run.Out.ShouldContain($"commit it: git add platform && git commit -m 'Promote dev {history.Head[..12]} to prod'");
        run.Out.ShouldContain("then deliver it: ./build.sh Deploy --cloud all --environment prod");
        Git(history.Copy.Root, "status", "--porcelain").ShouldContain("platform/environments/prod.yaml");

        var again = await PromoteAsync(history, clusters);
        again.ExitCode.ShouldBe(0, again.All);
        again.Out.ShouldContain($"prod is pinned to {history.Head} already: nothing to promote");
    }

    [Fact]
    public async Task Clouds_at_different_commits_are_refused_with_each_cloud_named_and_nothing_written()
    {
        var history = await History.StartAsync();
        await using var clusters = await DevAtAsync(history.Head);
        AtRevision(clusters[1], history.Pinned);
        var before = Tree(history.Copy);
        var run = await PromoteAsync(history, clusters);
        run.ExitCode.ShouldBe(2, run.All);
        run.Out.ShouldContain($"cannot promote dev to prod, nothing was written: its clouds disagree (aws at {history.Head[..12]}, " +
            $"gcp at {history.Pinned[..12]}, azure at {history.Head[..12]})");
        Tree(history.Copy).ShouldBe(before);
    }

    [Fact]
    public async Task An_unhealthy_cloud_or_one_whose_apps_disagree_is_refused_by_name()
    {
        var history = await History.StartAsync();
        await using var clusters = await DevAtAsync(history.Head);
        clusters[2].App("trinity-hello-azure", a => a["status"]!["health"] = new System.Text.Json.Nodes.JsonObject
            { ["status"] = "Degraded", ["message"] = "Deployment hello exceeded its progress deadline" });
        clusters[0].App("trinity-observability-aws", a => a["status"]!["sync"]!["revision"] = history.Pinned);
        var before = Tree(history.Copy);
        var run = await PromoteAsync(history, clusters);
        run.ExitCode.ShouldBe(2, run.All);
        run.Out.ShouldContain("cannot promote dev to prod, nothing was written: aws: its Applications synced different revisions: " +
            $"{history.Head[..12]} (trinity-dev-aws-root, trinity-hello-aws, trinity-mandelbrot-aws, trinity-secrets-aws, " +
            $"trinity-secrets-demo-aws); {history.Pinned[..12]} (trinity-observability-aws); azure: trinity-hello-azure is not " +
            "done: Degraded for longer than the 0s grace: Deployment hello exceeded its progress deadline");
        run.Out.ShouldNotContain("gcp: ");
        Tree(history.Copy).ShouldBe(before);
    }

    [Fact]
    public async Task Undeclared_or_identical_environments_are_bad_input()
    {
        var copy = new PlatformCopy();
        var unknown = await Run(copy, "Promote", "--from", "dev", "--to", "stage");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.Trim().ShouldBe("Promote: --to stage is not declared; declared: dev (platform/environments)");
        var same = await Run(copy, "Promote", "--from", "dev", "--to", "dev");
        same.ExitCode.ShouldBe(2);
        same.Error.Trim().ShouldBe("Promote: --from and --to are both dev: promote between two environments");
    }

    static Dictionary<string, string> Tree(PlatformCopy copy) =>
        Directory.GetFiles(copy.PathOf("platform"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

    static readonly string[] Identity = ["-c", "user.name=trinity-test", "-c", "user.email=test@trinity.invalid"];

    static string Git(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in Identity.Concat(args))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }
}
