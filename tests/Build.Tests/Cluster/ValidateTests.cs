using System.Text.Json.Nodes;

namespace Build.Tests.Cluster;

/// <summary>Validate against fake clusters: every check passing, and each failure class the runbook met, with the
/// remedy it names. Secret values are compared and never shown.</summary>
public sealed class ValidateTests
{
    [Fact]
    public async Task A_healthy_cluster_passes_every_check_within_a_budget_of_API_requests()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.ExitCode.ShouldBe(0, run.Out);
        foreach (var check in new[] { "Argo CD apps (root, waves)", "ESO operator (app, deploys, CRDs)", "ClusterSecretStore ready",
            "provider-test-secret synced",
            "grafana-cloud-remote-write synced", "grafana-admin synced",
                     "Prometheus config rendered", "remote write sending", "pods schedulable" })
            run.Check("gcp", check).Verdict.ShouldBe("pass", check);
        run.Check("gcp",
            "provider-test-secret synced").Evidence.ShouldBe("SecretSynced at generation 1; provider-test-secret has message, value as " +
                "expected");
        run.Check("gcp", "remote write sending").Evidence.ShouldBe("41.5 samples/s sent, none failed");
        run.Check("gcp", "Argo CD apps (root, waves)").Evidence.ShouldBe("trinity-dev-gcp-root Synced; 5 Applications Synced/Healthy in " +
            "waves 0 · 1 · 2");
        cluster.Api.RequestCount.ShouldBeLessThanOrEqualTo(30);
        run.Out.ShouldContain("gcp │ validate trinity-dev-gcp");
    }

    [Fact]
    public async Task A_Degraded_wave_0_app_that_holds_the_later_waves_back_is_named_with_its_health_message()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.BlockOnMandelbrot("Deployment \"mandelbrot\" exceeded its progress deadline");
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.ExitCode.ShouldBe(1);
        var (verdict, evidence, fix) = run.Check("gcp", "Argo CD apps (root, waves)");
        verdict.ShouldBe("fail");
        evidence.ShouldBe("wave 0 app trinity-mandelbrot-gcp is blocking the platform: Deployment \"mandelbrot\" exceeded its progress " +
            "deadline; held back: trinity-secrets-gcp (wave 1, not created), trinity-observability-gcp (wave 2, not created), " +
            "trinity-secrets-demo-gcp (wave 2, not created); root trinity-dev-gcp-root keeps retrying (attempt 3): one or more " +
            "synchronization tasks completed unsuccessfully. Retrying attempt #3 at 6:04AM.");
        fix.ShouldBe("fix what platform/mandelbrot/overlays/dev-gcp deploys (kubectl --kubeconfig kubeconfig.gcp.yaml -n mandelbrot get " +
            "events --field-selector type=Warning) and push; the root retries without limit and takes it up, then ./build.sh " +
            "WaitForSync --cloud gcp");
        run.Out.ShouldContain("gcp · Argo CD apps (root, waves): wave 0 app trinity-mandelbrot-gcp is blocking the platform");
    }

    [Theory]
    [InlineData("error processing spec.data[0] (key: trinity-dev-gcp-secrets-demo), err: Secret does not exist",
        "backend secret does not exist", "the backend has no value: ./build.sh SecretBackendsApply --cloud gcp")]
    [InlineData("error processing spec.data[0] (key: trinity-dev-gcp-secrets-demo), err: unable to access Secret from SecretManager " +
        "Client: rpc error: code = PermissionDenied desc = Permission 'secretmanager.versions.access' denied",
        "access denied",
            "the identity of the external-secrets ServiceAccount cannot read the secret: check the binding in infra/pulumi/gcp " +
                "(./build.sh Up --cloud gcp)")]
    [InlineData("error processing spec.data[0] (key: trinity-dev-gcp-secrets-demo), err: unable to access Secret from SecretManager " +
        "Client: rpc error: code = FailedPrecondition desc = Secret Version " +
            "[projects/123/secrets/trinity-dev-gcp-secrets-demo/versions/3] is in DISABLED state.",
        "GCP version disabled or destroyed",
            "the newest version cannot be read: ./build.sh SecretBackendsApply --cloud gcp adds an enabled version")]
    [InlineData("could not get ClusterSecretStore \"gcp-secret-manager\", clustersecretstores.external-secrets.io \"gcp-secret-manager\" " +
        "not found",
        "store missing or not ready",
            "an ordering problem: the store (gcp-secret-manager) comes with wave 2 and needs ESO from wave 1; wait, then check " +
                "trinity-secrets-gcp and the store's status")]
    [InlineData("error processing spec.data[0] (key: trinity-dev-gcp-secrets-demo), err: something nobody has seen before",
        "unknown", "read the event above; kubectl describe externalsecret shows the rest")]
    public async Task A_failing_ExternalSecret_is_diagnosed_from_its_UpdateFailed_event(string eventMessage, string failureClass,
        string remedy)
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.FailExternalSecret("secrets-demo", "provider-test-secret", eventMessage);
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.ExitCode.ShouldBe(1);
        var (verdict, evidence, fix) = run.Check("gcp", "provider-test-secret synced");
        verdict.ShouldBe("fail");
        evidence.ShouldBe($"{failureClass}: {eventMessage}");
        fix.ShouldBe(remedy);
        run.Out.ShouldContain($"gcp · provider-test-secret synced: {failureClass}");
    }

    [Fact]
    public async Task An_AWS_secret_marked_for_deletion_names_the_restore()
    {
        await using var cluster = await PlatformCluster.StartAsync("aws");
        cluster.FailExternalSecret("observability", "grafana-cloud-remote-write",
            "error processing spec.data[2] (key: trinity-dev-aws-grafana-cloud-remote-write-password), err: InvalidRequestException: You " +
                "can't perform this operation on the secret because it was marked for deletion.");
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        var (verdict, evidence, fix) = run.Check("aws", "grafana-cloud-remote-write synced");
        verdict.ShouldBe("fail");
        evidence.ShouldStartWith("AWS secret marked for deletion: ");
        fix.ShouldBe("the backend secret is scheduled for deletion: ./build.sh SecretBackendsApply --cloud aws restores it");
    }

    [Fact]
    public async Task A_Ready_ExternalSecret_from_an_older_generation_is_stale()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        // A spec change moves the generation; ESO has not synced it yet.
        cluster.ExternalSecretStatus("secrets-demo", "provider-test-secret", es => es["spec"]!["refreshInterval"] = "30m0s");
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.Check("gcp",
            "provider-test-secret synced").Evidence.ShouldStartWith("Ready, but stale: synced 1-9f86d081884c7d65 while the object is at " +
                "generation ");
    }

    [Fact]
    public async Task The_generated_Grafana_admin_password_is_checked_for_its_key_and_never_shown()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.Check("gcp", "grafana-admin synced").Evidence.ShouldBe(
            "SecretSynced once (CreatedOnce, at 1-4b227777d4dd1fc6); grafana-admin has password");
        // A spec change after the one sync: CreatedOnce never syncs again, and that is not staleness.
        cluster.ExternalSecretStatus("observability", "grafana-admin", es => es["metadata"]!["generation"] = 3);
        (await ClusterRun.RunAsync(cluster, "Validate")).Check("gcp", "grafana-admin synced").Verdict.ShouldBe("pass");

        cluster.Api.Put(PlatformCluster.SecretObject("observability", "grafana-admin",
            new() { ["admin"] = PlatformCluster.GrafanaAdminCanary }));
        var missing = await ClusterRun.RunAsync(cluster, "Validate");
        missing.ExitCode.ShouldBe(1);
        var (verdict, evidence, _) = missing.Check("gcp", "grafana-admin synced");
        verdict.ShouldBe("fail");
        evidence.ShouldBe("Secret observability/grafana-admin lacks password");
        foreach (var output in new[] { run, missing })
        {
            output.Run.All.ShouldNotContain(PlatformCluster.GrafanaAdminCanary);
            File.ReadAllText(Path.Combine(output.Root, ".nuke/temp/validate/gcp.json"))
                .ShouldNotContain(PlatformCluster.GrafanaAdminCanary);
        }
    }

    [Fact]
    public async Task A_failing_generator_is_not_sent_to_the_backend()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.FailExternalSecret("observability", "grafana-admin", "error processing spec.dataFrom[0].sourceRef.generatorRef, err: " +
            "passwords.generators.external-secrets.io \"grafana-admin\" is forbidden");
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        var (verdict, evidence, fix) = run.Check("gcp", "grafana-admin synced");
        verdict.ShouldBe("fail");
        evidence.ShouldStartWith("generator failed: ");
        fix.ShouldStartWith("the generator it names is missing or refuses its spec: kubectl --kubeconfig ");
        fix.ShouldEndWith(" get passwords.generators.external-secrets.io -A; ./build.sh Verify checks generators offline");
    }

    [Fact]
    public async Task A_wrong_synced_value_fails_without_showing_any_value()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.Api.Put(PlatformCluster.SecretObject("secrets-demo", "provider-test-secret",
            new() { ["message"] = PlatformCluster.SecretsDemoCanary }));
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.ExitCode.ShouldBe(1);
        run.Check("gcp",
            "provider-test-secret synced").Evidence.ShouldBe("Secret secrets-demo/provider-test-secret key message holds a value other " +
                "than the expected one (not shown)");
        run.Run.All.ShouldNotContain(PlatformCluster.SecretsDemoCanary);
        run.Run.All.ShouldNotContain(PlatformCluster.PasswordCanary);
        File.ReadAllText(Path.Combine(run.Root, ".nuke/temp/validate/gcp.json")).ShouldNotContain(PlatformCluster.SecretsDemoCanary);
    }

    [Fact]
    public async Task A_Pending_pod_reports_the_scheduler_s_message_and_the_node_pool()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        var pod = cluster.Api.Put(PlatformCluster.Pod("observability", "grafana-6b8f-2kq9d", ready: false, phase: "Pending"));
        cluster.Api.AddEvent(pod, "Warning", "FailedScheduling",
            "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for " +
                "incoming pod.", "default-scheduler");
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        var (verdict, evidence, fix) = run.Check("gcp", "pods schedulable");
        verdict.ShouldBe("fail");
        evidence.ShouldBe("observability/grafana-6b8f-2kq9d Pending: 0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes " +
            "are available: 2 No preemption victims found for incoming pod.");
        fix.ShouldBe("the node pool is too small for the platform (infra/pulumi/gcp: node count or machine type)");
    }

    [Fact]
    public async Task A_failed_init_container_names_its_state_and_log_and_skips_the_remote_write_check()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.Api.Put(cluster.PrometheusPod(initExitCode: 1, ready: false));
        cluster.Api.SetLog("observability", PlatformCluster.PrometheusPodName, "render-prometheus-config",
            "url key of Secret grafana-cloud-remote-write is not an https:// URL\n", previous: true);
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.ExitCode.ShouldBe(1);
        run.Check("gcp", "Prometheus config rendered").Evidence.ShouldBe(
            $"{PlatformCluster.PrometheusPodName}: init container render-prometheus-config waiting: CrashLoopBackOff back-off 40s " +
                $"restarting failed container; log: url key of Secret grafana-cloud-remote-write is not an https:// URL");
        run.Check("gcp", "remote write sending").Verdict.ShouldBe("skip");
    }

    [Fact]
    public async Task A_placeholder_left_in_the_loaded_config_or_wrong_labels_fail_the_config_check()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.LoadedConfig = PlatformCluster.Config("gcp", "trinity-dev-gke");
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        run.Check("gcp",
            "Prometheus config rendered").Evidence.ShouldBe("external_labels: cluster='trinity-dev-gke' (expected trinity-dev-gcp)");

        cluster.LoadedConfig = PlatformCluster.Config("gcp", "trinity-dev-gcp", url: "__GRAFANA_CLOUD_REMOTE_WRITE_URL__");
        run = await ClusterRun.RunAsync(cluster, "Validate");
        run.Check("gcp",
            "Prometheus config rendered").Evidence.ShouldBe("the loaded config still holds __GRAFANA_CLOUD_REMOTE_WRITE_URL__");
    }

    [Fact]
    public async Task Remote_write_failing_is_a_finding_with_the_credentials_remedy()
    {
        await using var cluster = await PlatformCluster.StartAsync();
        cluster.FailedPerSecond = 12;
        var run = await ClusterRun.RunAsync(cluster, "Validate");
        var (verdict, evidence, fix) = run.Check("gcp", "remote write sending");
        verdict.ShouldBe("fail");
        evidence.ShouldBe("samples failing at 12/s (non-recoverable: 4xx, e.g. 401 for wrong credentials)");
        fix.ShouldBe("check the grafana-cloud-remote-write username and password in the backend; ./build.sh SecretBackendsApply --cloud " +
            "gcp writes the stack's");
    }

    [Fact]
    public async Task Several_clouds_are_validated_side_by_side_into_one_table()
    {
        await using var gcp = await PlatformCluster.StartAsync("gcp");
        await using var aws = await PlatformCluster.StartAsync("aws");
        gcp.FailExternalSecret("secrets-demo", "provider-test-secret",
            "error processing spec.data[0] (key: trinity-dev-gcp-secrets-demo), err: Secret does not exist");
        var run = await ClusterRun.RunAsync([aws, gcp], "Validate");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldMatch(@"(?m)^\s+check\s+aws\s+gcp\s*$");
        run.Out.ShouldMatch(@"(?m)^\s+provider-test-secret synced\s+✔\s+✖\s*$");
        run.Out.ShouldContain("gcp · provider-test-secret synced: backend secret does not exist: error processing");
        run.Out.ShouldContain("    → the backend has no value: ./build.sh SecretBackendsApply --cloud gcp");
        run.Out.ShouldMatch(@"(?m)^\s+├─ aws\s+Succeeded");
        run.Out.ShouldMatch(@"(?m)^\s+└─ gcp\s+Failed");
    }

    [Fact]
    public async Task The_fixtures_follow_the_upstream_CRD_schemas()
    {
        var crds = Trinity.Build.Platform.Manifests.Schemas.CrdCatalog.Load(PlatformCopy.PinnedCrdFolder,
            Trinity.Build.Platform.Manifests.Schemas.PinnedCrds.Load(Harness.RepositoryRoot()));
        var validator = new Trinity.Build.Platform.Manifests.Schemas.CrdSchemaValidator();
        await using var cluster = await PlatformCluster.StartAsync();
        foreach (var (apiVersion, kind) in new[] { (PlatformCluster.Argo, "Application"), (PlatformCluster.Eso, "ExternalSecret"),
            (PlatformCluster.Eso, "ClusterSecretStore") })
        foreach (var obj in cluster.Api.List(apiVersion, kind))
        {
            var crd = crds.Find(apiVersion.Split('/')[0], apiVersion.Split('/')[1], kind).ShouldNotBeNull();
            validator.Validate(crd, (JsonObject)obj.DeepClone()).ShouldBeEmpty($"{kind} {obj["metadata"]!["name"]}");
        }
    }
}
