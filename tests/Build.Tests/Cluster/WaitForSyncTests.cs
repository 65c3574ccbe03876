using System.Text.Json.Nodes;

namespace Build.Tests.Cluster;

/// <summary>WaitForSync against a fake API server with scripted changes: waves in order, stale and failing apps,
/// dropped watches, 410 Gone and bursts of 500s.</summary>
public sealed class WaitForSyncTests
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A whole run's bound, so a hang fails the test: well past its 1m wave timeout, since a loaded machine once
    /// took 33s for a run that takes 2s alone.</summary>
    static readonly TimeSpan RunBound = TimeSpan.FromMinutes(3);

    static void Progressing(JsonObject app, string message) => app["status"]!["health"] = new JsonObject { ["status"] = "Progressing",
        ["message"] = message };
    static void Healthy(JsonObject app) => app["status"]!["health"] = new JsonObject { ["status"] = "Healthy" };

    [Fact]
    public async Task Every_wave_done_is_a_success()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync");
        run.ExitCode.ShouldBe(0, run.Out);
        run.Out.ShouldContain("trinity-dev-gcp-root: every wave done (0 · 1 · 2), 5 Applications Synced and Healthy");
    }

    [Fact]
    public async Task A_wave_stuck_Progressing_times_out_naming_the_app_its_wave_and_what_it_waits_for()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-secrets-gcp", a => Progressing(a, "Deployment external-secrets-webhook 0/1 available"));
        // Long enough that the cluster answers and wave 0 is done within it even on a loaded machine (8s was not, once,
        // beside a fresh clone's first compile); the stuck wave 1 then runs it out.
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync", "--wave-timeout", "12s");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("trinity-dev-gcp: timed out after 12s waiting for trinity-secrets-gcp (wave 1): health (Progressing: " +
            "Deployment external-secrets-webhook 0/1 available)", customMessage: run.Out);
        run.Out.ShouldContain("sync Synced, health Progressing (Deployment external-secrets-webhook 0/1 available)");
        run.Out.ShouldContain("→ kubectl --kubeconfig kubeconfig.gcp.yaml -n argocd get application trinity-secrets-gcp -o yaml");
        run.Out.ShouldContain("gcp │ wave 1   trinity-secrets-gcp");
    }

    [Fact]
    public async Task Waves_complete_in_order_as_apps_turn_Healthy()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-secrets-gcp", a => Progressing(a, "waiting for the webhook"));
        cluster.App("trinity-observability-gcp", a => Progressing(a, "Pending pods"));
        var running = ClusterRun.RunAsync(cluster, "WaitForSync");
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);
        cluster.App("trinity-secrets-gcp", Healthy);
        cluster.App("trinity-observability-gcp", Healthy);
        var run = await running.WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(0, run.Out);
        var progressing = System.Text.RegularExpressions.Regex.Match(run.Out, @"trinity-secrets-gcp\s+Synced\s+Progressing");
        var done = System.Text.RegularExpressions.Regex.Match(run.Out, @"trinity-secrets-gcp\s+Synced\s+Healthy\s+done");
        progressing.Success.ShouldBeTrue();
        done.Index.ShouldBeGreaterThan(progressing.Index);
    }

    [Fact]
    public async Task A_later_wave_app_that_looks_fine_is_ready_not_done_until_its_wave_is_reached()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-secrets-gcp", a => Progressing(a, "waiting for the webhook"));
        var running = ClusterRun.RunAsync(cluster, "WaitForSync");
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);
        cluster.App("trinity-secrets-gcp", Healthy);
        var run = await running.WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(0, run.Out);
        var ready = System.Text.RegularExpressions.Regex.Match(run.Out,
            @"wave 2\s+trinity-secrets-demo-gcp\s+Synced\s+Healthy\s+ready  \[");
        var done = System.Text.RegularExpressions.Regex.Match(run.Out, @"wave 2\s+trinity-secrets-demo-gcp\s+Synced\s+Healthy\s+done  \[");
        ready.Success.ShouldBeTrue(run.Out);
        done.Index.ShouldBeGreaterThan(ready.Index);
        run.Out.ShouldMatch(@"wave 0\s+trinity-hello-gcp\s+Synced\s+Healthy\s+done");
    }

    [Fact]
    public async Task A_Healthy_child_not_reconciled_since_its_last_sync_is_stale_until_it_is()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-hello-gcp",
            a => a["status"]!["reconciledAt"] = PlatformCluster.Time(new DateTimeOffset(2026, 11, 28, 5, 59, 0, TimeSpan.Zero)));
        var running = ClusterRun.RunAsync(cluster, "WaitForSync");
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);
        running.IsCompleted.ShouldBeFalse("a stale Healthy must not pass");
        cluster.App("trinity-hello-gcp",
            a => a["status"]!["reconciledAt"] = PlatformCluster.Time(new DateTimeOffset(2026, 11, 28, 6, 1, 0, TimeSpan.Zero)));
        var run = await running.WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(0, run.Out);
        run.Out.ShouldContain("a reconcile after the last sync (its Healthy may be stale)");
    }

    [Fact]
    public async Task A_failed_sync_operation_fails_at_once_with_its_message_and_the_resources_out_of_sync()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-observability-gcp", a =>
        {
            a["status"]!["operationState"]!["phase"] = "Failed";
            a["status"]!["operationState"]!["message"] = "one or more objects failed to apply, reason: admission webhook " +
                "\"validate.externalsecret.external-secrets.io\" denied the request";
            a["status"]!["sync"]!["status"] = "OutOfSync";
            a["status"]!["resources"] = new JsonArray(new JsonObject { ["kind"] = "ExternalSecret", ["namespace"] = "observability",
                ["name"] = "grafana-cloud-remote-write", ["status"] = "OutOfSync" });
        });
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync", "--wave-timeout", "1m");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("failed trinity-observability-gcp (wave 2): sync operation Failed: one or more objects failed to apply");
        run.Out.ShouldContain("out of sync: ExternalSecret/observability/grafana-cloud-remote-write");
    }

    [Fact]
    public async Task An_Error_condition_fails_at_once()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-mandelbrot-gcp", a => a["status"]!["conditions"] = new JsonArray(new JsonObject
            { ["type"] = "ComparisonError", ["message"] = "Failed to load target state: repository not accessible" }));
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync", "--wave-timeout", "1m");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("failed trinity-mandelbrot-gcp (wave 0): ComparisonError: Failed to load target state: repository not " +
            "accessible");
    }

    [Fact]
    public async Task Degraded_fails_only_after_the_grace_period()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-hello-gcp",
            a => a["status"]!["health"] = new JsonObject { ["status"] = "Degraded",
                ["message"] = "Deployment hello exceeded its progress deadline" });
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync", "--degraded-grace", "2s", "--wave-timeout", "1m");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("failed trinity-hello-gcp (wave 0): Degraded for longer than the 2s grace: Deployment hello exceeded its " +
            "progress deadline");
        run.Out.ShouldContain("health (Degraded: Deployment hello exceeded its progress deadline)");
    }

    const string ProgressDeadline = "Deployment \"mandelbrot\" exceeded its progress deadline";

    [Fact]
    public async Task A_Degraded_wave_0_app_that_holds_the_later_waves_back_is_named_as_blocking_the_platform()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.BlockOnMandelbrot(ProgressDeadline);
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync", "--degraded-grace", "0s", "--wave-timeout", "1m")
            .WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(1, run.Out);
        run.Out.ShouldContain($"trinity-dev-gcp: wave 0 app trinity-mandelbrot-gcp is blocking the platform: {ProgressDeadline}\n");
        run.Out.ShouldContain("held back: trinity-secrets-gcp (wave 1, not created), trinity-observability-gcp (wave 2, not created), " +
            "trinity-secrets-demo-gcp (wave 2, not created)");
        run.Out.ShouldContain("root trinity-dev-gcp-root keeps retrying (attempt 3): one or more synchronization tasks completed " +
            "unsuccessfully. Retrying attempt #3 at 6:04AM.");
        run.Out.ShouldContain("→ fix what platform/mandelbrot/overlays/dev-gcp deploys (kubectl --kubeconfig kubeconfig.gcp.yaml " +
            "-n mandelbrot get events --field-selector type=Warning) and push; the root retries without limit and takes it up, then " +
            "./build.sh WaitForSync --cloud gcp");
        run.Out.ShouldNotContain("timed out");
    }

    [Fact]
    public async Task A_root_whose_retries_ran_out_says_it_gave_up_and_how_it_syncs_again()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.BlockOnMandelbrot(ProgressDeadline, gaveUp: true);
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync", "--degraded-grace", "0s", "--wave-timeout", "1m")
            .WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(1, run.Out);
        run.Out.ShouldContain($"wave 0 app trinity-mandelbrot-gcp is blocking the platform: {ProgressDeadline}");
        run.Out.ShouldContain("root trinity-dev-gcp-root gave up on this revision: one or more synchronization tasks completed " +
            "unsuccessfully (retried 5 times); Argo CD does not sync it again until the revision changes or someone syncs it " +
            "(\"Skipping auto-sync: failed previous sync attempt\")");
        run.Out.ShouldContain("and push; a new commit makes the root sync again, or: kubectl --kubeconfig kubeconfig.gcp.yaml -n argocd " +
            "patch application trinity-dev-gcp-root --type merge -p '{\"operation\":{\"sync\":{\"syncStrategy\":{\"hook\":{}}}}}'");
    }

    [Fact]
    public async Task A_Degraded_wave_0_app_within_its_grace_is_waited_for_and_a_recovery_finishes_the_run()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.BlockOnMandelbrot(ProgressDeadline);
        var running = ClusterRun.RunAsync(cluster, "WaitForSync");
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);
        running.IsCompleted.ShouldBeFalse("Degraded within the grace is waited for");
        await using var healthy = await PlatformCluster.StartAsync();
        foreach (var app in healthy.Api.List(PlatformCluster.Argo, "Application")) cluster.Api.Put((JsonObject)app.DeepClone());
        var run = await running.WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(0, run.Out);
        run.Out.ShouldContain("root trinity-dev-gcp-root: OutOfSync, 2 child Applications so far");
    }

    [Fact]
    public async Task A_store_missing_then_appearing_lets_the_wave_finish()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-secrets-demo-gcp",
            a => Progressing(a, "ExternalSecret provider-test-secret: could not get ClusterSecretStore \"gcp-secret-manager\""));
        var running = ClusterRun.RunAsync(cluster, "WaitForSync");
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);
        cluster.App("trinity-secrets-demo-gcp", Healthy);
        var run = await running.WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(0, run.Out);
    }

    [Fact]
    public async Task A_dropped_watch_is_resumed_and_a_compacted_history_is_listed_again()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-secrets-gcp", a => Progressing(a, "waiting"));
        var running = ClusterRun.RunAsync(cluster, "WaitForSync");
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);
        cluster.Api.DropWatches().ShouldBe(1);
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);

        // History compacted while nobody watched: resuming from the old version answers 410 Gone.
        cluster.Api.DropWatches();
        cluster.App("trinity-mandelbrot-gcp", a => a["metadata"]!["labels"] = new JsonObject { ["touched"] = "yes" });
        cluster.Api.Compact();
        await cluster.Api.WaitUntilAsync(() => cluster.Api.Requests.Count(r => r.Status == 200 && !r.IsWatch
            && r.Path.EndsWith("/applications", StringComparison.Ordinal)) >= 2,
            Bound, "a second list after 410", TestContext.Current.CancellationToken);
        await cluster.Api.WaitForWatchesAsync(1, Bound, TestContext.Current.CancellationToken);
        cluster.App("trinity-secrets-gcp", Healthy);
        var run = await running.WaitAsync(RunBound, TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(0, run.Out);
    }

    [Fact]
    public async Task Bursts_of_500s_are_retried()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.Api.FailNext(3, 500);
        var run = await ClusterRun.RunAsync(cluster, "WaitForSync");
        run.ExitCode.ShouldBe(0, run.Out);
        cluster.Api.Requests.Count(r => r.Status == 500).ShouldBe(3);
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_one_line_naming_the_file_and_the_target_that_writes_it()
    {
        var run = await Harness.Run<Trinity.Build.Build>(["WaitForSync", "--cloud", "azure"],
            new() { Root = Harness.TempRoot(), Default = Trinity.Build.Build.DefaultTarget });
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("✖ WaitForSync · azure failed: kubeconfig.azure.yaml does not exist: write it with ./build.sh Kubeconfig " +
            "--cloud azure, or pass --kubeconfig <file>");
    }
}
