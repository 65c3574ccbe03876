namespace Build.Tests;

/// <summary>Verify over the real platform/ tree, and over copies with exactly one thing broken per rule.</summary>
public sealed class VerifyTests
{
    const string EsoBase = "platform/secrets-demo/base/external-secret.yaml";

    /// <summary>Each renders platform/mandelbrot/base, so a broken base breaks them too.</summary>
    static readonly string[] MandelbrotOverlays = [.. new[] { "aws", "gcp", "azure" }
        .Select(c => $"platform/mandelbrot/overlays/dev-{c}/kustomization.yaml")];

    [Fact]
    public async Task The_real_tree_passes_every_rule()
    {
        _ = PlatformCopy.PinnedCrdFolder;
        if (Prometheus.LocalPrometheus.MissingTools() is { } why) Assert.Skip(why);
        var verified = await new PlatformCopy().VerifyAsync("--strict");
        verified.Run.ExitCode.ShouldBe(0, verified.Run.All);
        verified.Findings.ShouldBeEmpty();
        verified.Run.Out.ShouldContain("24 kustomizations");
        verified.Run.Out.ShouldContain(": 0 errors, 0 warnings");
    }

    [Fact]
    public async Task An_overlay_that_does_not_render_is_a_finding()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/hello/kustomization.yaml", "  - service.yaml", "  - services.yaml");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var finding = verified.Of("render").ShouldHaveSingleItem();
        finding.File.ShouldBe("platform/hello/kustomization.yaml");
        finding.Message.ShouldStartWith("kubectl kustomize failed: ");
        finding.Message.ShouldContain("services.yaml");
        finding.Fix.ShouldBe("run kubectl kustomize platform/hello and fix what it names");
    }

    [Fact]
    public async Task Malformed_YAML_is_a_finding_not_a_crash()
    {
        var copy = new PlatformCopy();
        copy.Write("platform/mandelbrot/base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n");
        copy.Write("platform/argocd/roots/base/root.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\n  bad: indentation\n");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        verified.Of("render").Select(f => f.File).ShouldBe([
            "platform/mandelbrot/base/kustomization.yaml", .. MandelbrotOverlays, "platform/argocd/roots/base/kustomization.yaml",
                "platform/argocd/roots/dev-aws/kustomization.yaml",
            "platform/argocd/roots/dev-azure/kustomization.yaml", "platform/argocd/roots/dev-gcp/kustomization.yaml"], ignoreOrder: true);
        verified.Run.Out.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task A_mistyped_field_and_a_wrong_enum_value_break_the_CRD_schema()
    {
        _ = PlatformCopy.PinnedCrdFolder;
        var copy = new PlatformCopy();
        copy.Edit(EsoBase, "    deletionPolicy: Retain", "    deletionPolicy: Retain\n    deletionPolcy: Retain");
        copy.Edit(EsoBase, "    creationPolicy: Owner", "    creationPolicy: Sometimes");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var findings = verified.Of("schema");
        findings.ShouldAllBe(f => f.File == EsoBase && f.Object == "ExternalSecret/secrets-demo/provider-test-secret");
        findings.Select(f => (f.Message, f.Fix)).ShouldBe([
            ("spec.target.creationPolicy is 'Sometimes', not one of Owner, Orphan, Merge, None, CreateOrMerge",
                "set spec.target.creationPolicy to one of the allowed values"),
            ("spec.target.deletionPolcy is not a field of this kind: the API server would drop it and Argo CD would show the object " +
                "OutOfSync", "remove it or fix its spelling; did you mean 'deletionPolicy'?"),
        ]);
    }

    [Fact]
    public async Task A_core_object_without_apiVersion_or_name_is_a_finding()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/hello/service.yaml", "apiVersion: v1\n", "");
        copy.Edit("platform/mandelbrot/base/service.yaml", "  name: mandelbrot\n", "");
        var verified = await copy.VerifyAsync();
        // kustomize passes an object without apiVersion along, but refuses one without a name.
        verified.Of("schema")
            .ShouldContain(f => f.File == "platform/hello/service.yaml"
                && f.Message == "the object lacks apiVersion, kind or metadata.name");
        verified.Of("render").Select(f => f.File).ShouldBe(["platform/mandelbrot/base/kustomization.yaml", .. MandelbrotOverlays],
            ignoreOrder: true);
    }

    [Fact]
    public async Task A_field_the_CRD_defaults_but_Git_leaves_out_is_named_with_its_default()
    {
        _ = PlatformCopy.PinnedCrdFolder;
        var copy = new PlatformCopy();
        copy.Edit(EsoBase, "    deletionPolicy: Retain\n", "");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var finding = verified.Of("crd-default").ShouldHaveSingleItem();
        finding.File.ShouldBe(EsoBase);
        finding.Object.ShouldBe("ExternalSecret/secrets-demo/provider-test-secret");
        finding.Message.ShouldBe("spec.target.deletionPolicy is left out, but the CRD defaults it to \"Retain\": the live object never " +
            "matches Git and Argo CD shows it OutOfSync");
        finding.Fix.ShouldBe($"set spec.target.deletionPolicy: Retain in {EsoBase}");
    }

    [Fact]
    public async Task A_store_field_the_CRD_defaults_is_found_from_the_schema_too()
    {
        _ = PlatformCopy.PinnedCrdFolder;
        var copy = new PlatformCopy();
        copy.Edit("platform/secrets-demo/stores/gcp/cluster-secret-store.yaml", "      secretVersionSelectionPolicy: LatestOrFail\n", "");
        var finding = (await copy.VerifyAsync()).Of("crd-default").ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("spec.provider.gcpsm.secretVersionSelectionPolicy is left out, but the CRD defaults it to " +
            "\"LatestOrFail\"");
    }

    [Fact]
    public async Task A_child_Application_without_a_wave_is_named_per_cloud()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/secrets.yaml", "  annotations:\n    argocd.argoproj.io/sync-wave: \"1\"\n", "");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        verified.Of("wave").Select(f => f.Object)
            .ShouldBe(["Application/argocd/trinity-secrets-aws", "Application/argocd/trinity-secrets-azure",
                "Application/argocd/trinity-secrets-gcp"], ignoreOrder: true);
        verified.Of("wave")
            .ShouldAllBe(f => f.Message == "no argocd.argoproj.io/sync-wave annotation (or not a whole number)"
                && f.File == "platform/argocd/base/secrets.yaml");
    }

    [Fact]
    public async Task An_app_that_creates_ESO_objects_must_come_after_ESO()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/secrets-demo.yaml", "argocd.argoproj.io/sync-wave: \"2\"", "argocd.argoproj.io/sync-wave: \"1\"");
        var findings = (await copy.VerifyAsync()).Of("wave");
        findings.Count.ShouldBe(3);
        findings.ShouldContain(f => f.Object == "Application/argocd/trinity-secrets-demo-gcp"
            && f.Message == "creates External Secrets objects in wave 1, not after the ESO Application's wave 1: its CRDs and webhook " +
                "are not ready yet"
            && f.Fix == "give trinity-secrets-demo-gcp a wave after 1");
    }

    [Fact]
    public async Task An_Application_that_would_stop_retrying_is_a_finding()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/hello.yaml", "      limit: -1", "      limit: 5");
        copy.Edit("platform/argocd/roots/base/root.yaml", "    retry:\n      limit: -1\n      backoff:\n        duration: 10s\n" +
            "        factor: 2\n        maxDuration: 3m\n", "");
        var findings = (await copy.VerifyAsync()).Of("retry");
        findings.Where(f => f.File == "platform/argocd/base/hello.yaml").Select(f => f.Object).ShouldBe(
            ["Application/argocd/trinity-hello-aws", "Application/argocd/trinity-hello-azure", "Application/argocd/trinity-hello-gcp"],
            ignoreOrder: true);
        findings.ShouldContain(f => f.Object == "Application/argocd/trinity-hello-gcp"
            && f.Message == "retries a failed sync at most 5 times, then Argo CD skips this commit for good"
            && f.Fix == "set spec.syncPolicy.retry.limit: -1 (unlimited) with a backoff maxDuration (docs/argocd.md#retries)");
        findings.ShouldContain(f => f.Object == "Application/argocd/trinity-dev-gcp-root"
            && f.Message == "has no retry policy: Argo CD retries a failed automated sync 5 times, then skips this commit for good");
        findings.Select(f => f.Object).ShouldNotContain("Application/argocd/trinity-mandelbrot-gcp");
    }

    [Fact]
    public async Task An_unpinned_chart_is_a_finding()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/secrets.yaml", "targetRevision: 2.9.0", "targetRevision: 2.x");
        var findings = (await copy.VerifyAsync()).Of("pin");
        findings.Count.ShouldBe(3);
        findings.ShouldAllBe(f => f.Message == "Helm chart external-secrets is not pinned to an exact version (targetRevision '2.x')");
    }

    [Fact]
    public async Task Source_repositories_are_exactly_those_used()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/project.yaml", "    - https://charts.external-secrets.io\n",
            "    - https://charts.bitnami.com/bitnami\n");
        var findings = (await copy.VerifyAsync()).Of("source-repo");
        findings.ShouldContain(f => f.Object == "Application/argocd/trinity-secrets-aws"
            && f.Message == "source repository https://charts.external-secrets.io is not allowed by AppProject trinity");
        findings.ShouldContain(f => f.Object == "AppProject/argocd/trinity"
            && f.Message == "allows source repository https://charts.bitnami.com/bitnami, which no Application uses");
    }

    [Fact]
    public async Task Every_cluster_scoped_kind_an_app_creates_is_whitelisted_and_nothing_else()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/project.yaml",
            "    - group: admissionregistration.k8s.io\n      kind: ValidatingWebhookConfiguration\n",
                "    - group: storage.k8s.io\n      kind: StorageClass\n");
        var findings = (await copy.VerifyAsync()).Of("cluster-kind");
        findings.ShouldContain(f => f.Object == "Application/argocd/trinity-secrets-gcp"
            && f.Message == "creates cluster-scoped ValidatingWebhookConfiguration.admissionregistration.k8s.io (chart external-secrets " +
                "2.9.0), which AppProject trinity does not whitelist: Argo CD refuses to sync it");
        findings.ShouldContain(f => f.Message == "whitelists cluster-scoped StorageClass.storage.k8s.io, which no Application creates");
    }

    [Fact]
    public async Task A_Secret_value_in_Git_is_a_finding_that_never_shows_the_value()
    {
        var copy = new PlatformCopy();
        copy.Write("platform/hello/leak.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\nstringData:\n  token: canary-plain-value-Qw7\n");
        copy.Edit("platform/hello/kustomization.yaml", "  - service.yaml", "  - service.yaml\n  - leak.yaml");
        copy.Write("infra/pulumi/aws/leaked.ts", "// oops\nconst key = \"AKIAIOSFODNN7EXAMPL3\";\n");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        verified.Of("secret-value").ShouldHaveSingleItem().File.ShouldBe("platform/hello/leak.yaml");
        var credential = verified.Of("credential").ShouldHaveSingleItem();
        credential.File.ShouldBe("infra/pulumi/aws/leaked.ts:2");
        credential.Message.ShouldBe("looks like an AWS access key id (value not shown)");
        verified.Run.All.ShouldNotContain("AKIAIOSFODNN7EXAMPL3");
        verified.Run.All.ShouldNotContain("canary-plain-value-Qw7");
        File.ReadAllText(copy.PathOf(".nuke/temp/verify.json")).ShouldNotContain("AKIAIOSFODNN7EXAMPL3");
    }

    [Theory]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----", "a private key")]
    [InlineData("token: glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrIn0abc", "a Grafana Cloud token")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl", "a JSON Web Token")]
    public async Task Credential_shapes_are_found_anywhere_in_platform_infra_and_github(string line, string what)
    {
        var copy = new PlatformCopy();
        copy.Write(".github/workflows/leak.yml", $"# {line}\n");
        var credential = (await copy.VerifyAsync()).Of("credential").ShouldHaveSingleItem();
        credential.File.ShouldBe(".github/workflows/leak.yml:1");
        credential.Message.ShouldBe($"looks like {what} (value not shown)");
    }

    [Fact]
    public async Task The_Azure_store_must_read_the_vault_the_foundation_config_names()
    {
        var copy = new PlatformCopy();
        copy.Edit("infra/pulumi/foundation-azure/Pulumi.dev.yaml", "trinity:keyVaultName: trinity-dev-kv",
            "trinity:keyVaultName: trinity-dev-kv7");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var finding = verified.Of("stack-config").ShouldHaveSingleItem();
        finding.File.ShouldBe("platform/secrets-demo/overlays/dev-azure/kustomization.yaml");
        finding.Message.ShouldBe("spec.provider.azurekv.vaultUrl is 'https://trinity-dev-kv.vault.azure.net/', but " +
            "infra/pulumi/foundation-azure/Pulumi.dev.yaml sets trinity:keyVaultName: trinity-dev-kv7, so it must be " +
                "'https://trinity-dev-kv7.vault.azure.net/'");
        finding.Fix.ShouldStartWith("run ./build.sh GenerateEnvironments (it writes platform/secrets-demo/overlays/dev-azure from " +
            "infra/pulumi/foundation-azure/Pulumi.dev.yaml)");
        // The generated overlay is behind its config: the environment rule says so too, with the same command.
        verified.Of("environment").ShouldContain(f => f.File == "platform/secrets-demo/overlays/dev-azure/kustomization.yaml"
            && f.Fix.StartsWith("run ./build.sh GenerateEnvironments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_region_or_project_Git_and_the_committed_stack_config_disagree_on_is_a_finding()
    {
        var copy = new PlatformCopy();
        copy.Edit("infra/pulumi/aws/Pulumi.dev.yaml", "aws:region: us-east-1", "aws:region: eu-west-1");
        copy.Edit("infra/pulumi/foundation-gcp/Pulumi.dev.yaml", "gcp:project: trinity-platform-dev", "gcp:project: trinity-other");
        var findings = (await copy.VerifyAsync()).Of("stack-config");
        findings.ShouldContain(f => f.Message == "spec.provider.aws.region is 'us-east-1', but infra/pulumi/aws/Pulumi.dev.yaml sets " +
            "aws:region: eu-west-1, so it must be 'eu-west-1'");
        findings.ShouldContain(f => f.File == "infra/pulumi/gcp/Pulumi.dev.yaml" && f.Message == "gcp:project is " +
            "'trinity-platform-dev' here but 'trinity-other' in infra/pulumi/foundation-gcp/Pulumi.dev.yaml: the cluster and its " +
                "foundation must agree");
    }

    [Fact]
    public async Task A_backend_secret_value_in_plain_text_in_stack_config_is_named_by_key_never_by_value()
    {
        const string canary = "canary-plain-config-Vb62";
        var copy = new PlatformCopy();
        copy.Edit("infra/pulumi/gcp/Pulumi.dev.yaml", "  trinity:env: dev",
            $"  trinity:env: dev\n  trinity:grafanaCloudPrometheusPassword: {canary}\n" +
                "  trinity:secretsDemoValue:\n    secure: v1:AAAABBBBcccc");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var finding = verified.Of("plaintext-secret").ShouldHaveSingleItem();
        finding.File.ShouldBe("infra/pulumi/gcp/Pulumi.dev.yaml");
        finding.Object.ShouldBe("trinity:grafanaCloudPrometheusPassword");
        finding.Fix.ShouldBe("pulumi -C infra/pulumi/gcp config set --stack dev --secret trinity:grafanaCloudPrometheusPassword " +
            "<value>, then commit infra/pulumi/gcp/Pulumi.dev.yaml");
        verified.Run.All.ShouldNotContain(canary);
        File.ReadAllText(copy.PathOf(".nuke/temp/verify.json")).ShouldNotContain(canary);
    }

    [Fact]
    public async Task A_mistyped_remoteRef_key_names_the_catalog_entry_it_should_be()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/secrets-demo/overlays/dev-gcp/kustomization.yaml", "value: trinity-dev-gcp-secrets-demo",
            "value: trinity-dev-gcp-secret-demo");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var findings = verified.Of("catalog");
        findings.ShouldContain(f => f.File == "platform/secrets-demo/overlays/dev-gcp/kustomization.yaml"
            && f.Message == "remoteRef key 'trinity-dev-gcp-secret-demo' is not in the gcp backend catalog for environment dev; did you " +
                "mean 'trinity-dev-gcp-secrets-demo'?");
        findings.ShouldContain(f => f.Message == "no ExternalSecret of the gcp overlays reads backend secret trinity-dev-gcp-secrets-demo");
    }

    [Fact]
    public async Task Every_declared_environment_is_verified_and_a_literal_dev_left_in_a_prod_file_is_caught()
    {
        var copy = new PlatformCopy();
        var added = await Harness.Run<Trinity.Build.Build>(["AddEnvironment", "--environment", "prod"],
            new() { Root = copy.Root, Default = Trinity.Build.Build.DefaultTarget });
        added.ExitCode.ShouldBe(0, added.All);
        File.ReadAllText(copy.PathOf("infra/pulumi/foundation-azure/Pulumi.prod.yaml"))
            .ShouldContain("trinity:keyVaultName: trinity-prod-kv");
        File.ReadAllText(copy.PathOf("infra/pulumi/gcp/Pulumi.prod.yaml")).ShouldContain("trinity:env: prod");
        (await copy.VerifyAsync()).Findings.Where(f => f.Severity == "error").ShouldBeEmpty();

        copy.Edit("platform/secrets-demo/overlays/prod-aws/kustomization.yaml", "value: trinity-prod-aws-secrets-demo",
            "value: trinity-dev-aws-secrets-demo");
        var verified = await copy.VerifyAsync();
        verified.Of("catalog").ShouldContain(f => f.File == "platform/secrets-demo/overlays/prod-aws/kustomization.yaml" &&
            f.Message == "remoteRef key 'trinity-dev-aws-secrets-demo' is not in the aws backend catalog for environment prod; did you " +
                "mean 'trinity-prod-aws-secrets-demo'?");
        verified.Of("environment").ShouldContain(f => f.File == "platform/secrets-demo/overlays/prod-aws/kustomization.yaml");
        verified.Of("catalog").ShouldNotContain(f => f.Message.Contains("environment dev", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_store_must_be_the_cloud_s_own_and_name_its_service_account_namespace()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/observability/overlays/dev-aws/kustomization.yaml", "value: aws-secrets-manager", "value: gcp-secret-manager");
        copy.Edit("platform/secrets-demo/stores/azure/cluster-secret-store.yaml", "        namespace: external-secrets\n", "");
        var findings = (await copy.VerifyAsync()).Of("store");
        findings.ShouldContain(f => f.Object == "ExternalSecret/observability/grafana-cloud-remote-write"
            && f.File == "platform/observability/overlays/dev-aws/kustomization.yaml"
            && f.Message == "reads from ClusterSecretStore 'gcp-secret-manager', not this cloud's ClusterSecretStore " +
                "'aws-secrets-manager'");
        findings.ShouldContain(f => f.Object == "ClusterSecretStore/azure-key-vault"
            && f.Message == "spec.provider.azurekv.serviceAccountRef has no namespace: a ClusterSecretStore then becomes \"referent\" " +
                "and never validates");
    }

    [Fact]
    public async Task External_labels_must_resolve_to_the_overlay_s_cluster()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/observability/overlays/dev-gcp/kustomization.yaml", "cluster=trinity-dev-gcp", "cluster=trinity-dev-gke");
        var finding = (await copy.VerifyAsync()).Of("external-labels").ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("external_labels.cluster resolves to 'trinity-dev-gke' (ConfigMap prometheus-external-labels-");
        finding.Message.ShouldEndWith(" key cluster), expected 'trinity-dev-gcp' for trinity-dev-gcp");
        finding.Fix.ShouldBe("set it to trinity-dev-gcp in platform/observability/overlays/dev-gcp/kustomization.yaml");
    }

    [Fact]
    public async Task The_placeholder_stands_exactly_once_in_the_template()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/observability/base/prometheus.yml.tmpl", "  - name: grafana-cloud\n",
            "  - name: grafana-cloud\n    # __GRAFANA_CLOUD_REMOTE_WRITE_URL__\n");
        // One template behind all three overlays: one finding.
        var finding = (await copy.VerifyAsync()).Of("prometheus-placeholder").ShouldHaveSingleItem();
        finding.Message.ShouldBe("the template holds __GRAFANA_CLOUD_REMOTE_WRITE_URL__ 2 times, not once: the init container would " +
            "render the URL into several places");
    }

    [Fact]
    public async Task A_template_promtool_rejects_is_an_error_naming_promtool_s_reason()
    {
        if (Prometheus.LocalPrometheus.MissingTools() is { } why) Assert.Skip(why);
        var copy = new PlatformCopy();
        // Valid YAML, so only Prometheus's own parser finds it: a scrape interval without a unit.
        copy.Edit("platform/observability/base/prometheus.yml.tmpl", "  scrape_interval: 15s", "  scrape_interval: 15");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var finding = verified.Of("promtool").ShouldHaveSingleItem();
        finding.Severity.ShouldBe("error");
        finding.Message.ShouldMatch(@"^promtool \d+\.\d+\.\d+ rejects the rendered config: .*not a valid duration string: ""15""");
        finding.Fix.ShouldBe("fix the template: the pod's Prometheus would refuse this config and keep restarting");
    }

    [Fact]
    public async Task A_render_script_that_fails_under_busybox_is_an_error()
    {
        if (Prometheus.LocalPrometheus.MissingTools() is { } why) Assert.Skip(why);
        var copy = new PlatformCopy();
        copy.Edit("platform/observability/base/render-prometheus-config.sh", "https://*) ;;", "https://never-matches*) ;;");
        var finding = (await copy.VerifyAsync()).Of("promtool").ShouldHaveSingleItem();
        finding.Message.ShouldBe("render-prometheus-config.sh render fails under busybox sh: url key of Secret " +
            "grafana-cloud-remote-write is not an https:// URL");
    }

    [Fact]
    public async Task Without_the_reload_sidecar_or_the_lifecycle_flag_a_refreshed_url_is_never_loaded()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/observability/base/prometheus.yaml", "render-prometheus-config.sh, watch]",
            "render-prometheus-config.sh, render]");
        copy.Edit("platform/observability/base/prometheus.yaml", "            - --web.enable-lifecycle\n", "");
        var findings = (await copy.VerifyAsync()).Of("prometheus-reload");
        findings.Select(f => f.Message).ShouldBe([
            "no container reload-prometheus-config runs render-prometheus-config.sh watch: a remote_write URL that ESO refreshes would " +
                "never be loaded",
            "the Prometheus container lacks --web.enable-lifecycle: the sidecar's POST /-/reload is refused",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task A_basic_auth_file_must_be_a_key_the_ExternalSecret_syncs()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/observability/base/prometheus.yml.tmpl", "password_file: /etc/grafana-cloud/auth/password",
            "password_file: /etc/grafana-cloud/auth/token");
        var finding = (await copy.VerifyAsync()).Of("prometheus-files").ShouldHaveSingleItem();
        finding.Message.ShouldBe("remote_write[0].basic_auth.password_file /etc/grafana-cloud/auth/token maps to key 'token' of Secret " +
            "grafana-cloud-remote-write, which the ExternalSecret does not sync (keys: url, username, password)");
    }

    [Fact]
    public async Task A_root_Application_must_point_at_a_path_that_exists_and_carry_its_cluster_s_name()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/roots/dev-azure/kustomization.yaml", "value: platform/argocd/overlays/dev-azure",
            "value: platform/argocd/overlays/aks");
        copy.Edit("platform/argocd/roots/dev-aws/kustomization.yaml", "namePrefix: trinity-dev-aws-", "namePrefix: trinity-aws-");
        var findings = (await copy.VerifyAsync()).Of("app-path");
        findings.ShouldContain(f => f.File == "platform/argocd/roots/base/root.yaml"
            && f.Object == "Application/argocd/trinity-dev-azure-root"
            && f.Message == "source path platform/argocd/overlays/aks holds no kustomization.yaml: Argo CD would find nothing to sync");
        findings.ShouldContain(f => f.Object == "Application/argocd/trinity-aws-root"
            && f.Message == "the root Application of trinity-dev-aws must be named trinity-dev-aws-root"
            && f.Fix == "set namePrefix: trinity-dev-aws- in platform/argocd/roots/dev-aws/kustomization.yaml");
    }

    [Fact]
    public async Task A_root_no_environment_declares_and_a_declared_cloud_without_a_root_are_findings()
    {
        var copy = new PlatformCopy();
        var devRoot = File.ReadAllText(copy.PathOf("platform/argocd/roots/dev-gcp/kustomization.yaml"));
        copy.Write("platform/argocd/roots/prod-gcp/kustomization.yaml", devRoot.Replace("trinity-dev-gcp-", "trinity-prod-gcp-"));
        copy.Write("platform/environments/stage.yaml", "revision: main\nclouds: [aws]\n");
        var findings = (await copy.VerifyAsync()).Of("environment").Select(f => (f.File, f.Message)).ToList();
        findings.ShouldContain(("platform/environments/stage.yaml",
            "environment stage runs on aws but has no root Application: platform/argocd/roots/stage-aws is missing"));
        findings.ShouldContain(("platform/argocd/roots/prod-gcp/kustomization.yaml",
            "root of 'prod-gcp', which no declared environment runs (declared: dev-aws, dev-gcp, dev-azure, stage-aws)"));
        // Nor can its kustomizations be generated: its stack config does not exist yet.
        findings.ShouldContain(("platform/environments/stage.yaml", "the kustomizations of stage on aws cannot be generated: " +
            "infra/pulumi/aws/Pulumi.stage.yaml lacks aws:region, which the aws-secrets-manager store of trinity-stage-aws repeats: " +
            "pulumi -C infra/pulumi/aws config set --stack stage aws:region <value>"));
    }

    [Fact]
    public async Task A_root_that_follows_another_revision_than_its_environment_declares_is_a_finding()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/environments/dev.yaml", "revision: main", "revision: 3f2c1a9e");
        var findings = (await copy.VerifyAsync()).Of("environment").Where(f => f.Object != "-").ToList();
        findings.Select(f => f.Object).ShouldBe(
            [
                "Application/argocd/trinity-dev-aws-root", "Application/argocd/trinity-dev-gcp-root",
                "Application/argocd/trinity-dev-azure-root",
            ],
            ignoreOrder: true);
        findings[0].Message.ShouldEndWith("follows 'main', but platform/environments/dev.yaml declares revision '3f2c1a9e'");
    }

    [Theory]
    [InlineData("dev.yaml", "revision: main\nclouds: [aws, gke]\n", "clouds: 'gke' is not one of aws, gcp, azure")]
    [InlineData("dev.yaml", "revision: main\nclouds: [aws]\nregion: x\n", "unknown key region; allowed: revision, clouds, kubernetes, images")]
    [InlineData("dev.yaml", "revision: main\nclouds: [aws]\nimages: {mandelbrot: Mandelbrot:latest}\n",
        "images.mandelbrot: 'Mandelbrot:latest' is not an image reference: [registry/]repository[:tag][@sha256:digest], e.g. " +
            "ghcr.io/<owner>/mandelbrot:1.4.2")]
    [InlineData("dev.yaml", "revision: main\nclouds: [aws]\nimages: {hello: nginx:1}\n",
        "images: unknown workload hello; allowed: mandelbrot")]
    [InlineData("dev.yaml", "revision: main\nclouds: [aws]\nkubernetes: 1.30\n",
        "kubernetes: quote the minor (kubernetes: \"1.30\"); unquoted, YAML reads it as a number")]
    [InlineData("Prod_1.yaml", "revision: main\nclouds: [aws]\n",
        "the file name 'Prod_1' is the environment's name and must be 2-8 lowercase letters and digits, starting with a letter")]
    public async Task A_declaration_that_does_not_read_is_one_finding_naming_its_file(string file, string text, string message)
    {
        var copy = new PlatformCopy();
        copy.Write($"platform/environments/{file}", text);
        var findings = (await copy.VerifyAsync()).Of("environment");
        findings.ShouldContain(f => f.File == $"platform/environments/{file}" && f.Message == message);
    }
}
