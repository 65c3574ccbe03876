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
              Verify (default)   Offline verification of the repository: the default target and CI's gate. → CheckSchema,
                                 VerifyManifests
              Benchmark          A warm ./build.sh against 'dotnet run', side by side: medians and their ratio.
              CheckSchema        Fails when the committed .nuke/build.schema.json differs from the parameters.
              GenerateSchema     Writes .nuke/build.schema.json from the build's parameters.
              InfraDependencies  npm ci in infra/pulumi, when package-lock.json changed since the last install.
              Kubeconfig         Writes kubeconfig.<cloud>.yaml (mode 0600, gitignored) from each stack's secret kubeconfig output.
              Preflight          Per cloud: tools, identity, GCP APIs, the stack's config keys (never values), Git agreeing with the
                                 stack.
              Preview            pulumi preview of each cloud's stack. → InfraDependencies, Preflight
              Test               Every test suite of the repository; ends with one line 'N passed, N failed'. → InfraDependencies
              Up                 pulumi up of each cloud's stack: cluster, identity for External Secrets, Argo CD and the root
                                 Application. → InfraDependencies, Preflight
              VerifyManifests    Renders platform/ with kubectl kustomize and checks it against the CRDs and the runbook's rules.

            Parameters (command line, then environment, then .nuke/parameters.<profile>.json, then .nuke/parameters.json):
              --cloud <aws|gcp|azure|all>…  Clouds to act on; 'all' means aws, gcp and azure. · env CLOUD
              --environment <text>          Every name derives from it: trinity-<environment>-<cloud>. · default dev · a lowercase
                                            DNS label (a-z, 0-9, '-'; starts with a letter) · env ENVIRONMENT
              --crd-dir <text>              Folder with the pinned CRDs for the schema rules (CI: ../shared/crds). · env CRD_DIR
              --crd-mirror <text>           Download the pinned CRDs from this base URL, not GitHub; sha256 is checked either way. ·
                                            env CRD_MIRROR
              --strict                      Skipped rules are errors, not warnings (CI uses it). · env STRICT

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
            ├── CheckSchema      Fails when the committed .nuke/build.schema.json differs from the parameters.  (dependency of
            │   Verify)
            ├── VerifyManifests  Renders platform/ with kubectl kustomize and checks it against the CRDs and the runbook's rules.
            │   (dependency of Verify)
            └── Verify           Offline verification of the repository: the default target and CI's gate.

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
