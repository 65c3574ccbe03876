namespace Build.Tests;

/// <summary>The Pulumi leg against a fake pulumi first on PATH (there is no real CLI here): exact invocations,
/// streamed progress, failures with their tail, kubeconfig files, and secrets masked throughout.</summary>
public sealed class InfraTests
{
    static readonly string[] NoDependencies = ["--skip", "InfraDependencies", "Preflight"];

    [Theory]
    [InlineData("dev")]
    [InlineData("stg")]
    public async Task Up_runs_pulumi_up_for_each_cloud_in_its_project_folder_with_the_environment_as_stack(string env)
    {
        var infra = new FakeInfra();
        var run = await infra.RunAsync(["Up", "--cloud", "all", "--environment", env, .. NoDependencies]);
        run.ExitCode.ShouldBe(0, run.All);

        foreach (var cloud in new[] { "aws", "gcp", "azure" })
        {
            var up = infra.Calls.Where(c => c.Argv[0] == "up" && c.Cwd == infra.Copy.PathOf($"infra/pulumi/{cloud}"))
                .ShouldHaveSingleItem();
            up.Argv.ShouldBe(["up", "--yes", "--diff", "--stack", env, "--non-interactive"]);
            up.Env["PULUMI_CONFIG_PASSPHRASE"].ShouldBe("passed-through");
            run.Out.ShouldContain($"{cloud} │ pulumi │ Updating (trinity-{cloud}/{env})");
        }
        infra.Calls.Where(c => c.Argv[0] == "stack").ShouldAllBe(c => c.Cwd.EndsWith("/azure"));
    }

    [Fact]
    public async Task Preview_is_pulumi_preview_and_a_dry_run_reads_but_only_plans_the_three_legs()
    {
        var infra = new FakeInfra(fakeClouds: true);
        var run = await infra.RunAsync("Preview", "--cloud", "all", "--dry-run");
        run.ExitCode.ShouldBe(0, run.All);
        // Preflight only reads, so it runs for real; preview and npm ci change things, so they are only printed.
        infra.Calls.Select(c => string.Join(' ', c.Argv.Take(2))).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe(["config --json", "stack output", "version"]);
        run.Out.ShouldContain("aws │ reading (runs in a dry run too): pulumi config --json --stack dev --non-interactive  (in " +
            "infra/pulumi/aws)");
        foreach (var cloud in new[] { "aws", "gcp", "azure" })
            run.Out.ShouldContain($"{cloud} │ would run: pulumi preview --diff --stack dev --non-interactive  (in infra/pulumi/{cloud})");
        run.Out.ShouldContain("would run: npm ci --no-audit --no-fund  (in infra/pulumi)");

        var before = infra.Calls.Count;
        var real = await infra.RunAsync(["Preview", "--cloud", "gcp", .. NoDependencies]);
        real.ExitCode.ShouldBe(0, real.All);
        infra.Calls.Skip(before).ShouldHaveSingleItem().Argv.ShouldBe(["preview", "--diff", "--stack", "dev", "--non-interactive"]);
    }

    [Fact]
    public async Task A_failed_up_fails_its_cloud_with_the_tail_of_its_output_and_leaves_the_others()
    {
        var infra = new FakeInfra();
        infra.Environment["FAKE_PULUMI_FAIL"] = "gcp:up";
        var run = await infra.RunAsync(["Up", "--cloud", "aws", "gcp", .. NoDependencies]);
        run.ExitCode.ShouldBe(1);
        var failure = run.Out[run.Out.IndexOf("✖ Up · gcp failed: ", StringComparison.Ordinal)..];
        failure.ShouldStartWith("✖ Up · gcp failed: pulumi up --yes --diff --stack dev --non-interactive exited with code 255  (in " +
            "infra/pulumi/gcp); last lines:");
        failure.ShouldContain("    error: release argocd failed: context deadline exceeded");
        run.Out.ShouldMatch(@"(?m)^\s+├─ aws\s+Succeeded");
        run.Out.ShouldMatch(@"(?m)^\s+└─ gcp\s+Failed\s+\S+\s+pulumi up --yes");
        run.Out.TrimEnd().Split('\n')[^1].ShouldBe("Build failed: Up (gcp).");
    }

    [Fact]
    public async Task Kubeconfig_writes_a_private_file_per_cloud_and_never_shows_its_content()
    {
        var infra = new FakeInfra();
        var run = await infra.RunAsync("Kubeconfig", "--cloud", "gcp", "azure");
        run.ExitCode.ShouldBe(0, run.All);
        foreach (var cloud in new[] { "gcp", "azure" })
        {
            var file = infra.Copy.PathOf($"kubeconfig.{cloud}.yaml");
            File.ReadAllText(file).ShouldContain($"token: {FakeInfra.KubeconfigCanary}");
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            run.Out.ShouldContain($"{cloud} │ wrote kubeconfig.{cloud}.yaml (mode 0600) for cluster trinity-dev-{cloud}");
        }
        run.All.ShouldNotContain(FakeInfra.KubeconfigCanary);
        infra.Calls.Select(c => string.Join(' ', c.Argv)).Distinct().ShouldBe([
            "stack output --json --stack dev --non-interactive",
            "stack output --json --show-secrets --stack dev --non-interactive"], ignoreOrder: true);
    }

    [Fact]
    public async Task Kubeconfig_before_up_says_to_run_up()
    {
        var infra = new FakeInfra();
        infra.Outputs["aws"].Remove("kubeconfig");
        var run = await infra.RunAsync("Kubeconfig", "--cloud", "aws");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("the stack infra/pulumi/aws (dev) has no kubeconfig output; run ./build.sh Up --cloud aws first");
        File.Exists(infra.Copy.PathOf("kubeconfig.aws.yaml")).ShouldBeFalse();
    }

    [Fact]
    public async Task Bootstrap_runs_pulumi_up_of_each_foundation_in_its_folder_after_its_own_preflight()
    {
        var infra = new FakeInfra(fakeClouds: true);
        var run = await infra.RunAsync("Bootstrap", "--cloud", "all", "--environment", "dev", "--skip", "InfraDependencies");
        run.ExitCode.ShouldBe(0, run.All);
        foreach (var cloud in new[] { "aws", "gcp", "azure" })
        {
            var up = infra.Calls.Where(c => c.Argv[0] == "up").Where(c => c.Cwd == infra.Copy.PathOf($"infra/pulumi/foundation-{cloud}"))
                .ShouldHaveSingleItem();
            up.Argv.ShouldBe(["up", "--yes", "--diff", "--stack", "dev", "--non-interactive"]);
            run.Out.ShouldContain($"{cloud} │ pulumi │ Updating (trinity-foundation-{cloud}/dev)");
            Check(infra, $"foundation-{cloud}", "trinity:githubRepository").ShouldBe(("pass", "trinity-platform/trinity-delivery"));
        }
        // Never the cluster stacks, never a backend secret.
        infra.Calls.Where(c => c.Argv[0] != "version").ShouldAllBe(c => c.Cwd.Contains("/foundation-"));
        Check(infra, "foundation-gcp", "GCP APIs").Evidence.ShouldStartWith("serviceusage.googleapis.com, " +
            "cloudresourcemanager.googleapis.com enabled in trinity-platform-dev");
        Check(infra, "foundation-azure", "trinity:keyVaultName").ShouldBe(("pass", "trinity-dev-kv"));
        Check(infra, "foundation-aws", "GitHub repository").Verdict.ShouldBe("warn");
    }

    [Fact]
    public async Task Bootstrap_in_a_dry_run_reads_the_config_and_only_plans_the_up()
    {
        var infra = new FakeInfra(fakeClouds: true);
        var run = await infra.RunAsync("Bootstrap", "--cloud", "azure", "--dry-run", "--skip", "InfraDependencies");
        run.ExitCode.ShouldBe(0, run.All);
        infra.Calls.Select(c => c.Argv[0]).Distinct().Order(StringComparer.Ordinal).ShouldBe(["config", "version"]);
        run.Out.ShouldContain("azure │ would run: pulumi up --yes --diff --stack dev --non-interactive  " +
            "(in infra/pulumi/foundation-azure)");
    }

    [Fact]
    public async Task Bootstrap_stops_before_up_when_the_foundation_lacks_its_repository_or_vault_name()
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Config["foundation-azure"].Remove("trinity:githubRepository");
        infra.Config["foundation-azure"].Remove("trinity:keyVaultName");
        var run = await infra.RunAsync("Bootstrap", "--cloud", "azure", "--skip", "InfraDependencies");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("azure │ ✖ trinity:keyVaultName: pulumi -C infra/pulumi/foundation-azure config set --stack dev " +
            "trinity:keyVaultName <value>");
        run.Out.ShouldContain("azure │ ✖ trinity:githubRepository: pulumi -C infra/pulumi/foundation-azure config set --stack dev " +
            "trinity:githubRepository <value>");
        infra.Calls.ShouldNotContain(c => c.Argv[0] == "up");
    }

    [Fact]
    public async Task Preflight_for_Deploy_names_Bootstrap_when_the_foundation_stack_is_missing()
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Config.Remove("foundation-aws");
        infra.Outputs.Remove("foundation-aws");
        infra.Environment["FAKE_GCP_APIS"] = "serviceusage.googleapis.com,cloudresourcemanager.googleapis.com";
        var run = await infra.RunAsync("Preflight", "--cloud", "aws", "gcp");
        run.ExitCode.ShouldBe(1);
        Check(infra, "aws", "foundation stack").ShouldBe(("fail", "trinity-foundation-aws/dev: error: no stack named 'dev' found"));
        run.Out.ShouldContain("aws │ ✖ foundation stack: an administrator runs ./build.sh Bootstrap --cloud aws once for this environment");
        Check(infra, "gcp", "foundation stack").Verdict.ShouldBe("pass");
        Check(infra, "gcp", "GCP APIs").ShouldBe(("fail", "not enabled in trinity-platform-dev: container.googleapis.com, " +
            "secretmanager.googleapis.com, iamcredentials.googleapis.com"));
        run.Out.ShouldContain("gcp │ ✖ GCP APIs: the foundation enables them: an administrator runs ./build.sh Bootstrap --cloud gcp");
    }

    [Fact]
    public async Task Preflight_for_Deploy_names_Bootstrap_again_when_the_foundation_predates_an_identity()
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Outputs["foundation-aws"].Remove("validateRoleArn");
        var run = await infra.RunAsync("Preflight", "--cloud", "aws");
        run.ExitCode.ShouldBe(1);
        Check(infra, "aws", "foundation stack").ShouldBe(("fail",
            "trinity-foundation-aws/dev lacks validateRoleArn: it ran before this version of the foundation"));
        run.Out.ShouldContain("aws │ ✖ foundation stack: an administrator runs ./build.sh Bootstrap --cloud aws again");
    }

    [Fact]
    public async Task Preflight_passes_with_tools_identity_config_and_Git_in_agreement()
    {
        var infra = new FakeInfra(fakeClouds: true);
        var run = await infra.RunAsync(["Preflight", "--cloud", "all"]);
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("aws │   aws identity ");
        Check(infra, "aws", "aws identity").ShouldBe(("pass", "arn:aws:sts::123456789012:assumed-role/deploy/ci (account 123456789012)"));
        Check(infra, "gcp", "GCP APIs").Evidence.ShouldStartWith("container.googleapis.com, secretmanager.googleapis.com, " +
            "iamcredentials.googleapis.com enabled in trinity-platform-dev");
        Check(infra, "azure", "foundation stack").ShouldBe(("pass", "trinity-foundation-azure/dev: 7 outputs"));
        Check(infra, "aws", "aws:region = store region").ShouldBe(("pass", "us-east-1"));
        Check(infra, "azure", "backend secret values").ShouldBe(("pass", "4 keys set as secrets"));
        infra.Calls.Where(c => c.Argv[0] == "config").ShouldAllBe(c => !c.Argv.Contains("--show-secrets"));
        run.All.ShouldNotContain(FakeInfra.ConfigCanary);
    }

    [Fact]
    public async Task Preflight_names_a_missing_key_and_the_pulumi_config_set_command_that_fixes_it()
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Config["gcp"].Remove("gcp:zone");
        infra.Config["gcp"].Remove("trinity:secretsDemoValue");
        var run = await infra.RunAsync("Preflight", "--cloud", "gcp");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("gcp │ ✖ gcp:zone: pulumi -C infra/pulumi/gcp config set --stack dev gcp:zone <value>");
        run.Out.ShouldContain("gcp │ ! backend secret values: pulumi -C infra/pulumi/gcp config set --stack dev --secret " +
            "trinity:secretsDemoValue <value>");
        run.Out.ShouldContain("1 preflight checks failed");
    }

    [Fact]
    public async Task Preflight_fails_when_the_stack_and_Git_disagree_or_nobody_is_signed_in()
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Config["aws"]["aws:region"] = FakeInfra.Entry("eu-west-1");
        infra.Config["aws"]["trinity:env"] = FakeInfra.Entry("prod");
        infra.Environment["FAKE_CLOUD_SIGNED_OUT"] = "1";
        var run = await infra.RunAsync("Preflight", "--cloud", "aws");
        run.ExitCode.ShouldBe(1);
        Check(infra, "aws", "aws:region = store region")
            .ShouldBe(("fail", "stack says 'eu-west-1', platform/secrets-demo/overlays/dev-aws says 'us-east-1'"));
        Check(infra, "aws", "trinity:env").ShouldBe(("fail", "'prod', but the build runs --environment dev"));
        Check(infra, "aws", "aws identity").Evidence.ShouldStartWith("Unable to locate credentials");
        run.Out.ShouldContain("aws │ ✖ trinity:env: pulumi -C infra/pulumi/aws config set --stack dev trinity:env dev");
        run.Out.ShouldContain("3 preflight checks failed");
    }

    [Theory]
    [InlineData("kubernetes: \"1.33\"\n", "", "platform/environments/dev.yaml declares no kubernetes",
        "add kubernetes: \"1.33\" to platform/environments/dev.yaml: the minor every cluster of dev runs, 1.<minor>")]
    [InlineData("kubernetes: \"1.33\"", "kubernetes: \"v1.33.2\"",
        "platform/environments/dev.yaml: kubernetes 'v1.33.2' is not a minor",
        "write it as 1.<minor> in platform/environments/dev.yaml (kubernetes: \"1.33\"); the clouds pick the patch")]
    [InlineData("kubernetes: \"1.33\"", "kubernetes: 1.30",
        "platform/environments/dev.yaml: kubernetes: quote the minor (kubernetes: \"1.30\"); unquoted, YAML reads it as a number",
        "declare the environment in platform/environments/dev.yaml, with the minor its clusters run (kubernetes: \"1.33\")")]
    public async Task Preflight_rejects_a_missing_or_malformed_Kubernetes_version_naming_the_file(string from, string to, string evidence,
        string remedy)
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Copy.Edit("platform/environments/dev.yaml", from, to);
        var run = await infra.RunAsync("Preflight", "--cloud", "aws");
        run.ExitCode.ShouldBe(1);
        Check(infra, "aws", "Kubernetes version").ShouldBe(("fail", evidence));
        run.Out.ShouldContain($"aws │ ✖ Kubernetes version: {remedy}");
    }

    [Theory]
    [InlineData("v1.31.9", "fail")]
    [InlineData("v1.32.4-dispatcher", "pass")]
    [InlineData("v1.34.0", "pass")]
    [InlineData("v1.35.1", "fail")]
    public async Task Preflight_allows_kubectl_one_minor_either_side_of_the_declared_version(string kubectl, string verdict)
    {
        var infra = new FakeInfra(fakeClouds: true);
        infra.Environment["FAKE_KUBECTL_VERSION"] = kubectl;
        var run = await infra.RunAsync("Preflight", "--cloud", "gcp");
        var minor = kubectl.Split('.')[1];
        Check(infra, "gcp", "Kubernetes version").ShouldBe((verdict, verdict == "pass"
            ? $"1.33 (platform/environments/dev.yaml); kubectl 1.{minor}"
            : $"kubectl 1.{minor} is outside the skew kubectl supports for platform/environments/dev.yaml's kubernetes 1.33"));
        if (verdict == "fail")
            run.Out.ShouldContain("gcp │ ✖ Kubernetes version: use kubectl 1.32, 1.33 or 1.34 (one minor either side of 1.33, " +
                "platform/environments/dev.yaml)");
        run.ExitCode.ShouldBe(verdict == "pass" ? 0 : 1, run.All);
    }

    [Fact]
    public async Task Secret_config_values_read_with_show_secrets_are_masked_at_once()
    {
        var infra = new FakeInfra();
        var run = await infra.RunAsync<ConfigReader>([], x => x.Read);
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("trinity:grafanaCloudPrometheusPassword = *** (secret)");
        run.Out.ShouldContain("aws:region = us-east-1");
        run.All.ShouldNotContain(FakeInfra.ConfigCanary);
        infra.Calls[^1].Argv.ShouldBe(["config", "--json", "--show-secrets", "--stack", "dev", "--non-interactive"]);
    }

    static (string Verdict, string Evidence) Check(FakeInfra infra, string cloud, string name)
    {
        var file = infra.Copy.PathOf($".nuke/temp/preflight/{cloud}.json");
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsArray();
        var row = report.Single(r => r!["name"]!.GetValue<string>() == name)!;
        return (row["verdict"]!.GetValue<string>(), row["evidence"]!.GetValue<string>());
    }

    /// <summary>Reads a stack's config with its secrets, as SecretBackendsApply does, and prints what it got.</summary>
    sealed class ConfigReader : Engine.BuildBase
    {
        public Engine.Target Read => _ => _.Executes(async ct =>
        {
            var pulumi = new Trinity.Build.Tools.Pulumi(Path.Combine(RootDirectory, "infra", "pulumi", "aws"), "dev");
            foreach (var (key, value) in await pulumi.ConfigAsync(showSecrets: true, ct))
                Engine.Log.Info($"{key} = {value.Value}{(value.Secret ? " (secret)" : "")}");
        });
    }
}
