namespace Build.Tests.Cluster;

/// <summary>What a user sees when the cluster itself is the problem: refused credentials, no access, no answer.
/// One classified line each, with the server, the kubeconfig in force and the target that helps; never a trace.</summary>
public sealed class ClusterAccessTests
{
    static async Task<Harness.Result> Run(string kubeconfig, params string[] args)
    {
        var root = Harness.TempRoot();
        var file = Path.Combine(root, "kubeconfig.gcp.yaml");
        File.WriteAllText(file, kubeconfig);
        return await Harness.Run<Trinity.Build.Build>([.. args, "--cloud", "gcp"],
            new() { Root = root, Default = Trinity.Build.Build.DefaultTarget });
    }

    static void OneLineNoTrace(Harness.Result run)
    {
        run.Out.ShouldNotMatch(@"(?m)^\s+at [\w.`<>]+\(");
        run.Out.ShouldNotContain("Exception");
        run.Out.ShouldNotContain("trace:");
    }

    [Fact]
    public async Task Refused_credentials_are_one_line_naming_the_cluster_and_the_target_that_writes_them_anew()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        var wrongToken = cluster.Api.Kubeconfig().Replace(cluster.Api.Token, "fake-expired-token", StringComparison.Ordinal);
        foreach (var (target, doing) in new[] { ("Validate", "validating the platform"),
            ("WaitForSync", "watching the Applications in argocd") })
        {
            var run = await Run(wrongToken, target, "--wave-timeout", "1m");
            run.ExitCode.ShouldBe(1);
            run.Out.ShouldContain($"✖ {target} · gcp failed: the cluster at " +
                $"{cluster.Api.Url.ToString().TrimEnd('/')} (kubeconfig.gcp.yaml) does not accept its credentials " +
                                  $"(401 Unauthorized) while {doing}: they may have expired; write them anew with ./build.sh Kubeconfig " +
                                      $"--cloud gcp");
            OneLineNoTrace(run);
        }
    }

    [Fact]
    public async Task Forbidden_names_the_identity_and_the_stack_that_grants_access_without_retrying()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.Api.FailNext(100, status: 403);
        var run = await Run(cluster.Api.Kubeconfig(), "Validate");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("the identity in kubeconfig.gcp.yaml may not do this on the cluster at ");
        run.Out.ShouldContain("(403 Forbidden");
        run.Out.ShouldContain("grant it access in infra/pulumi/gcp (./build.sh Up --cloud gcp)");
        OneLineNoTrace(run);
        cluster.Api.RequestCount.ShouldBeLessThan(10, "a refusal is not tried again");
    }

    [Fact]
    public async Task An_unreachable_cluster_is_waited_for_within_the_wave_timeout_then_named_with_the_kubeconfig()
    {
        // Port 9 (discard) is never served here. A port picked free and released could be taken by a parallel test's
        // fake server before the build connects, and would then answer instead of refusing.
        const string closed = "http://127.0.0.1:9";
        await using var cluster = await PlatformCluster.StartAsync();
        var nowhere = cluster.Api.Kubeconfig().Replace(cluster.Api.Url.ToString().TrimEnd('/'), closed, StringComparison.Ordinal);
        // Long enough for a second attempt (the "yet" line) even when a loaded machine starts the build slowly.
        var run = await Run(nowhere, "WaitForSync", "--wave-timeout", "6s");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain($"cannot reach the cluster at {closed} yet (Connection refused");
        run.Out.ShouldContain($"✖ WaitForSync · gcp failed: trinity-dev-gcp: timed out after 6s: cannot reach the cluster at " +
            $"{closed} (Connection refused");
        run.Out.ShouldContain("; kubeconfig: kubeconfig.gcp.yaml");
        OneLineNoTrace(run);
    }

    [Fact]
    public async Task Advice_names_the_kubeconfig_the_user_gave()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.App("trinity-secrets-gcp",
            a => a["status"]!["health"] = new System.Text.Json.Nodes.JsonObject { ["status"] = "Progressing", ["message"] = "webhook" });
        var root = Harness.TempRoot();
        var custom = Path.Combine(root, "elsewhere", "ops.yaml");
        cluster.Api.WriteKubeconfig(custom);
        var run = await Harness.Run<Trinity.Build.Build>(["WaitForSync", "--cloud", "gcp", "--kubeconfig", custom, "--wave-timeout", "2s"],
            new() { Root = root, Default = Trinity.Build.Build.DefaultTarget });
        run.ExitCode.ShouldBe(1);
        // Which application the advice names depends on how far the watch got in its two seconds; the kubeconfig does not.
        run.Out.ShouldContain($"→ kubectl --kubeconfig {custom} -n argocd get application ", customMessage: run.Out);
        run.Out.ShouldNotContain("kubeconfig.gcp.yaml");
    }
}
