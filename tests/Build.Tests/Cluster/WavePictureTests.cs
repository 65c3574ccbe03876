namespace Build.Tests.Cluster;

/// <summary>The wave diagram WaitForSync and Validate leave in the step summary and .nuke/temp/waves/, parsed by the real
/// mermaid: every app in its wave, coloured by its state, the ones Git declares but the cluster has not created among
/// them, on success and on failure.</summary>
public sealed class WavePictureTests
{
    static readonly TimeSpan RunBound = TimeSpan.FromMinutes(3);

    static async Task<(ClusterResult Run, string Summary)> RunAsync(PlatformCluster cluster, params string[] args)
    {
        var copy = new PlatformCopy();
        var summary = copy.PathOf("step-summary.md");
        var run = await ClusterRun.RunInAsync(copy.Root, [cluster],
            new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary }, args)
            .WaitAsync(RunBound, TestContext.Current.CancellationToken);
        return (run, File.Exists(summary) ? await File.ReadAllTextAsync(summary, TestContext.Current.CancellationToken) : "");
    }

    /// <summary>Each box's name and the class its state gives it.</summary>
    static async Task<Dictionary<string, string>> StatesAsync(ClusterResult run, string target)
    {
        var file = Path.Combine(run.Root, ".nuke", "temp", "waves", $"{target}.gcp.mmd");
        File.Exists(file).ShouldBeTrue($"{target} wrote no wave diagram\n{run.Out}");
        var graph = await MermaidGraph.ParseAsync(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken),
            TestContext.Current.CancellationToken);
        return graph.Nodes.Where(n => n.Classes.Count > 0).ToDictionary(n => n.Text.Split("<br>")[0], n => n.Classes.Single());
    }

    [Fact]
    public async Task A_blocked_run_shows_the_failed_app_the_done_ones_and_the_later_waves_never_created()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.BlockOnMandelbrot("Deployment \"mandelbrot\" exceeded its progress deadline");
        var (run, summary) = await RunAsync(cluster, "WaitForSync", "--degraded-grace", "0s", "--wave-timeout", "1m");
        run.ExitCode.ShouldBe(1, run.Out);

        (await StatesAsync(run, "WaitForSync")).ShouldBe(new Dictionary<string, string>
        {
            ["AppProject trinity"] = "done",
            ["trinity-hello-gcp"] = "done",
            ["trinity-mandelbrot-gcp"] = "failed",
            ["trinity-secrets-gcp"] = "notCreated",
            ["trinity-observability-gcp"] = "notCreated",
            ["trinity-secrets-demo-gcp"] = "notCreated",
        }, ignoreOrder: true);
        summary.ShouldContain("#### WaitForSync · gcp: Argo CD waves\n\n```mermaid\nflowchart TB\n");
        // A long reason is cut in the box; the log has it whole.
        summary.ShouldContain("failed: Degraded for longer than the 0s grace: Deployment #quot;mandelbrot#quot; exceeded…\"]");
        run.Out.ShouldContain("wave diagram: .nuke/temp/waves/WaitForSync.gcp.mmd");
    }

    [Fact]
    public async Task A_secret_in_an_app_s_status_never_reaches_the_picture()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        // The kubeconfig's bearer token is a registered secret; an app whose health message carries it must not show it
        // (short enough that the box does not cut it off).
        cluster.App("trinity-observability-gcp", a => a["status"]!["health"] = new System.Text.Json.Nodes.JsonObject
            { ["status"] = "Progressing", ["message"] = $"token {cluster.Api.Token}" });
        var (run, summary) = await RunAsync(cluster, "Validate");
        run.ExitCode.ShouldBe(1, run.Out);
        var picture = await File.ReadAllTextAsync(Path.Combine(run.Root, ".nuke", "temp", "waves", "Validate.gcp.mmd"),
            TestContext.Current.CancellationToken);
        picture.ShouldContain("waiting: Synced/Progressing: token ");
        picture.ShouldNotContain(cluster.Api.Token);
        summary.ShouldNotContain(cluster.Api.Token);
        // GitHub is told to mask it (::add-mask::); no other line carries it.
        run.Out.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)).ShouldAllBe(l =>
            !l.Contains(cluster.Api.Token));
    }

    [Fact]
    public async Task A_run_that_succeeds_shows_every_app_done()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        var (run, summary) = await RunAsync(cluster, "WaitForSync");
        run.ExitCode.ShouldBe(0, run.Out);
        var states = await StatesAsync(run, "WaitForSync");
        states.Count.ShouldBe(6);
        states.Values.ShouldAllBe(s => s == "done");
        summary.ShouldContain("gcp · root trinity-dev-gcp-root: Synced, Healthy");
    }

    [Fact]
    public async Task Validate_draws_what_one_reading_sees_a_later_wave_not_Healthy_yet_as_waiting()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-observability-gcp", a => a["status"]!["health"] = new System.Text.Json.Nodes.JsonObject
            { ["status"] = "Progressing", ["message"] = "StatefulSet prometheus 0/1 ready" });
        var (run, _) = await RunAsync(cluster, "Validate");
        run.ExitCode.ShouldBe(1, run.Out);
        var states = await StatesAsync(run, "Validate");
        states["trinity-observability-gcp"].ShouldBe("waiting");
        states["trinity-secrets-demo-gcp"].ShouldBe("done");
        states["trinity-hello-gcp"].ShouldBe("done");
    }
}
