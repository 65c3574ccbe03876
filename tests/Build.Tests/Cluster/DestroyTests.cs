using System.Text.Json.Nodes;
using Fakes.Kubernetes;

namespace Build.Tests.Cluster;

/// <summary>Destroy against the fake API server with Argo CD's, the service controller's and PVC protection's
/// behaviour (<see cref="TeardownControllers"/>) and the fake pulumi: the order, the bound, the refusals, a dry run,
/// a cluster already gone, and what remains.</summary>
public sealed class DestroyTests
{
    const string Apps = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/";
    const string OutputCanary = "canary-stack-output-Rv56Tn";

    static FakeInfra Infra(PlatformCluster cluster)
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Outputs[cluster.Cloud]["kubeconfig"] = FakeInfra.Entry(cluster.Api.Kubeconfig(), secret: true);
        infra.Outputs[cluster.Cloud]["grafanaAdminPassword"] = FakeInfra.Entry(OutputCanary, secret: true);
        infra.Environment["FAKE_GCP_SECRETS"] = string.Join(",",
            new Trinity.Build.Platform.Naming.PlatformNames("dev", Trinity.Build.Platform.Clouds.Cloud.Gcp).BackendSecrets
                .Select(s => s.Name));
        return infra;
    }

    static Task<Harness.Result> Destroy(FakeInfra infra, params string[] args) =>
        infra.RunAsync(["Destroy", "--skip", "InfraDependencies", .. args]);

    static IReadOnlyList<FakeInfra.Call> Destroys(FakeInfra infra) => [.. infra.Calls.Where(c => c.Argv[0] == "destroy")];

    static int Index(IReadOnlyList<RecordedRequest> requests, string method, string path) =>
        requests.ToList().FindIndex(r => r.Method == method && r.Path == path);

    [Fact]
    public async Task The_cluster_is_emptied_wave_by_wave_before_only_the_cluster_stack_is_destroyed()
    {
        await using var gcp = await PlatformCluster.StartAsync();
        await using var controllers = new TeardownControllers(gcp);
        var infra = Infra(gcp);
        File.WriteAllText(Path.Combine(infra.Copy.Root, "kubeconfig.gcp.yaml"), gcp.Api.Kubeconfig());

        var run = await Destroy(infra, "--cloud", "gcp", "--confirm", "trinity-dev-gcp", "--destroy-timeout", "2m");

        run.ExitCode.ShouldBe(0, run.Out);
        controllers.Recreated.ShouldBeEmpty("the root's automated sync is off before any child is deleted");
        var requests = gcp.Api.Requests;
        var automationOff = Index(requests, "PATCH", Apps + gcp.Root);
        string[] byWave = ["trinity-secrets-demo-gcp", "trinity-observability-gcp", "trinity-secrets-gcp", "trinity-hello-gcp",
            "trinity-mandelbrot-gcp", gcp.Root];
        var deletes = byWave.Select(app => Index(requests, "DELETE", Apps + app)).ToList();
        deletes.ShouldAllBe(i => i > automationOff);
        automationOff.ShouldBeGreaterThanOrEqualTo(0);
        deletes.Take(2).Max().ShouldBeLessThan(deletes[2], "wave 2 before wave 1");
        deletes[2].ShouldBeLessThan(deletes.Skip(3).Take(2).Min(), "wave 1 before wave 0");
        deletes.Take(5).ShouldAllBe(i => i < deletes[5], "the root last");
        // hello had no resources finalizer: it gets Argo CD's before its delete, so its resources are not orphaned.
        Index(requests, "PATCH", Apps + "trinity-hello-gcp").ShouldBeInRange(automationOff + 1, deletes[3] - 1);
        // The StatefulSet's claim no Application deletes: deleted after the root, and waited for.
        Index(requests, "DELETE", "/api/v1/namespaces/observability/persistentvolumeclaims/data-loki-0").ShouldBeGreaterThan(deletes[5]);
        gcp.Api.List("v1", "PersistentVolumeClaim").ShouldBeEmpty();
        gcp.Api.List("v1", "Service").Select(s => s["metadata"]!["namespace"]!.ToString()).ShouldBe(["default"],
            "a LoadBalancer outside the platform's namespaces is not the platform's to delete");

        var destroy = Destroys(infra).ShouldHaveSingleItem();
        destroy.Cwd.ShouldEndWith(Path.Combine("infra", "pulumi", "gcp"));
        destroy.Argv.ShouldBe(["destroy", "--yes", "--stack", "dev", "--non-interactive"]);
        destroy.Env.ShouldNotContainKey("PULUMI_K8S_DELETE_UNREACHABLE");
        infra.Calls.ShouldNotContain(c => c.Cwd.EndsWith("foundation-gcp", StringComparison.Ordinal) && c.Argv[0] != "stack"
            && c.Argv[0] != "config", "the foundation is only read");
        File.Exists(Path.Combine(infra.Copy.Root, "kubeconfig.gcp.yaml")).ShouldBeFalse();

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(infra.Copy.Root, ".nuke", "temp", "destroy", "gcp.json")))!;
        var rows = report["rows"]!.AsArray().Select(r => (Outcome: r!["outcome"]!.ToString(), What: r["what"]!.ToString(),
            Detail: r["detail"]!.ToString())).ToList();
        foreach (var removed in new[] { "Service/observability/grafana", "Service/mandelbrot/mandelbrot",
                     "PersistentVolumeClaim/observability/prometheus-data", "PersistentVolumeClaim/observability/data-loki-0",
                     "Application/argocd/trinity-dev-gcp-root", "Application/argocd/trinity-hello-gcp", "cluster stack trinity-gcp/dev",
                     "kubeconfig.gcp.yaml" })
            rows.ShouldContain(r => r.Outcome == "removed" && r.What == removed, removed);
        rows.ShouldContain(r => r.Outcome == "remains" && r.What == "foundation stack trinity-foundation-gcp/dev");
        rows.Where(r => r.What.StartsWith("backend secret trinity-dev-gcp-", StringComparison.Ordinal)).ShouldNotBeEmpty();
        rows.Where(r => r.What.StartsWith("backend secret ", StringComparison.Ordinal)).ShouldAllBe(r => r.Outcome == "remains"
            && r.Detail.StartsWith("kept, present (version 1 enabled) in Secret Manager", StringComparison.Ordinal));
        rows.ShouldContain(r => r.Outcome == "remains" && r.What == "Service/default/legacy-lb"
            && r.Detail.Contains("gcloud compute forwarding-rules list --project trinity-platform-dev " +
                "--filter=\"description~default/legacy-lb\"", StringComparison.Ordinal));
        report["destroyed"]!.GetValue<bool>().ShouldBeTrue();
        run.Out.ShouldContain("destroyed trinity-dev-gcp");
        run.Out.ShouldContain("waiting until wave 2 is gone (trinity-observability-gcp, trinity-secrets-demo-gcp)");

        foreach (var canary in new[] { OutputCanary, FakeInfra.ConfigCanary, gcp.Api.Token, PlatformCluster.PasswordCanary })
            run.All.ShouldNotContain(canary);
    }

    [Fact]
    public async Task A_load_balancer_that_never_goes_is_named_with_the_cloud_command_and_the_stack_is_kept()
    {
        await using var gcp = await PlatformCluster.StartAsync();
        await using var controllers = new TeardownControllers(gcp) { Stuck = { "observability/grafana" } };
        var infra = Infra(gcp);

        var run = await Destroy(infra, "--cloud", "gcp", "--confirm", "trinity-dev-gcp", "--destroy-timeout", "5s");

        run.ExitCode.ShouldBe(1, run.Out);
        run.Out.ShouldContain("Service/observability/grafana");
        run.Out.ShouldContain($"deleting, held by {TeardownControllers.LoadBalancerCleanup}");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(infra.Copy.Root, ".nuke", "temp", "destroy", "gcp.json")))!;
        var left = report["rows"]!.AsArray().Where(r => r!["outcome"]!.ToString() == "left").ToList();
        left.Select(r => r!["what"]!.ToString()).ShouldBe(["Application/argocd/trinity-observability-gcp", "Service/observability/grafana"],
            ignoreOrder: true);
        left.Single(r => r!["what"]!.ToString() == "Service/observability/grafana")!["detail"]!.ToString().ShouldEndWith(
            "→ gcloud compute forwarding-rules list --project trinity-platform-dev --filter=\"description~observability/grafana\"");
        report["failure"]!.ToString().ShouldStartWith("2 still in trinity-dev-gcp after 5s, so the stack was not destroyed: ");
        run.Out.ShouldContain("./build.sh Destroy --cloud gcp --confirm trinity-dev-gcp --destroy-timeout 10s");
        Destroys(infra).ShouldBeEmpty();
        gcp.Api.Get(PlatformCluster.Argo, "Application", "argocd", "trinity-hello-gcp").ShouldNotBeNull("a later step is never started");
    }

    [Theory]
    [InlineData("--cloud gcp", "Destroy: refusing without --confirm trinity-dev-gcp (nothing was destroyed)")]
    [InlineData("--cloud gcp --confirm trinity-dev-aws", "Destroy: refusing without --confirm trinity-dev-gcp (nothing was destroyed)")]
    [InlineData("--cloud gcp --environment prod --confirm trinity-dev-gcp",
        "Destroy: refusing without --confirm trinity-prod-gcp (nothing was destroyed)")]
    [InlineData("--cloud gcp aws --confirm trinity-dev-gcp", "Destroy: destroys one cloud at a time: pass exactly one --cloud")]
    public async Task Without_the_exact_confirmation_nothing_is_touched(string args, string refusal)
    {
        await using var gcp = await PlatformCluster.StartAsync();
        var infra = Infra(gcp);
        gcp.Api.ClearRequests();

        var run = await Destroy(infra, args.Split(' '));

        run.ExitCode.ShouldBe(2, run.All);
        run.Error.Trim().ShouldBe(refusal);
        gcp.Api.RequestCount.ShouldBe(0);
        infra.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dry_run_reads_the_cluster_and_says_every_call_it_would_make()
    {
        await using var gcp = await PlatformCluster.StartAsync();
        await using var controllers = new TeardownControllers(gcp);
        var infra = Infra(gcp);
        gcp.Api.ClearRequests();

        var run = await Destroy(infra, "--cloud", "gcp", "--confirm", "trinity-dev-gcp", "--dry-run");

        run.ExitCode.ShouldBe(0, run.Out);
        run.Out.ShouldContain("would PATCH " + Apps + """trinity-dev-gcp-root {"spec":{"syncPolicy":{"automated":null}}}""");
        run.Out.ShouldContain("would PATCH " + Apps + """trinity-hello-gcp {"metadata":{"finalizers":[""" + $"\"{TeardownControllers.ResourcesFinalizer}\"" + "]}}");
        foreach (var app in new[] { "trinity-observability-gcp", "trinity-hello-gcp", "trinity-dev-gcp-root" })
            run.Out.ShouldContain($"would DELETE {Apps}{app}");
        run.Out.ShouldContain("would wait (within 15m in all) until wave 2 is gone (trinity-observability-gcp, trinity-secrets-demo-gcp)");
        run.Out.ShouldContain("would DELETE /api/v1/namespaces/observability/persistentvolumeclaims/data-loki-0 (if still there once the " +
            "Applications are gone)");
        run.Out.ShouldMatch(@"would go\s+Service/observability/grafana\s+type LoadBalancer");
        run.Out.ShouldMatch(@"would go\s+Application/argocd/trinity-dev-gcp-root\s+root");
        run.Out.ShouldContain("would run: pulumi destroy --yes --stack dev --non-interactive");
        run.Out.ShouldContain("destroy trinity-dev-gcp: planned (dry run, nothing was changed)");
        gcp.Api.Requests.ShouldAllBe(r => r.Method == "GET");
        Destroys(infra).ShouldBeEmpty();
        gcp.Api.List(PlatformCluster.Argo, "Application", "argocd").Count.ShouldBe(6);
        controllers.Recreated.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stack_without_a_cluster_goes_straight_to_pulumi_destroy()
    {
        await using var gcp = await PlatformCluster.StartAsync();
        var infra = Infra(gcp);
        infra.Outputs["gcp"] = [];
        gcp.Api.ClearRequests();

        var run = await Destroy(infra, "--cloud", "gcp", "--confirm", "trinity-dev-gcp");

        run.ExitCode.ShouldBe(0, run.Out);
        run.Out.ShouldContain("trinity-gcp/dev has no cluster (no kubeconfig output): straight to pulumi destroy");
        Destroys(infra).ShouldHaveSingleItem();
        gcp.Api.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_taken_as_gone_with_a_note_and_the_cloud_commands_to_check()
    {
        var gone = await FakeKubernetes.StartAsync(TestContext.Current.CancellationToken);
        var kubeconfig = gone.Kubeconfig();
        await gone.DisposeAsync();
        var infra = new FakeInfra(fakeClouds: true);
        infra.Outputs["gcp"]["kubeconfig"] = FakeInfra.Entry(kubeconfig, secret: true);

        var run = await Destroy(infra, "--cloud", "gcp", "--confirm", "trinity-dev-gcp", "--destroy-timeout", "2s");

        run.ExitCode.ShouldBe(0, run.Out);
        run.Out.ShouldContain("cannot reach trinity-dev-gcp: ");
        run.Out.ShouldContain("taken as gone, so pulumi destroy drops its Kubernetes resources from the state " +
            "(PULUMI_K8S_DELETE_UNREACHABLE=true)");
        run.Out.ShouldContain("    gcloud compute disks list --project trinity-platform-dev");
        Destroys(infra).ShouldHaveSingleItem().Env["PULUMI_K8S_DELETE_UNREACHABLE"].ShouldBe("true");
        run.All.ShouldNotContain(FakeInfra.ConfigCanary);
    }

    [Fact]
    public async Task Deploy_after_Destroy_converges_on_the_new_cluster_with_no_manual_step()
    {
        await using var old = await PlatformCluster.StartAsync();
        await using var controllers = new TeardownControllers(old);
        var infra = Infra(old);
        (await Destroy(infra, "--cloud", "gcp", "--confirm", "trinity-dev-gcp")).ExitCode.ShouldBe(0);

        // pulumi up makes a new cluster, with a new kubeconfig output; Argo CD syncs the platform onto it.
        await using var fresh = await PlatformCluster.StartAsync();
        infra.Outputs["gcp"] = new JsonObject
        {
            ["clusterName"] = FakeInfra.Entry("trinity-dev-gcp"), ["kubeconfig"] = FakeInfra.Entry(fresh.Api.Kubeconfig(), secret: true),
        };
        var deploy = await infra.RunAsync("Deploy", "--cloud", "gcp", "--skip", "InfraDependencies");

        deploy.ExitCode.ShouldBe(0, deploy.Out);
        deploy.Out.ShouldContain("trinity-dev-gcp-root: every wave done");
        infra.Calls.Where(c => c.Argv[0] is "up" or "destroy").Select(c => c.Argv[0]).ShouldBe(["destroy", "up"]);
        infra.Calls.ShouldNotContain(c => c.Argv[0] == "config" && c.Argv.Contains("--show-secrets"),
            "neither reads (nor writes) a backend secret's value");
    }
}
