using System.Text.RegularExpressions;
using Engine.Processes;

namespace Engine.Tests;

/// <summary>What a person reads: --help, --plan, --dry-run, the summary, GitHub Actions groups and step summary.</summary>
public sealed partial class OutputTests
{
    public enum Cloud { Aws, Gcp, Azure }

    sealed class Delivery : BuildBase
    {
        public override string Title => "sample delivery";

        [Parameter("Clouds to act on.", Name = "cloud", AllowAll = true)] Cloud[] Clouds { get; set; } = [];
        [Parameter("Environment name.", Name = "environment", Pattern = "[a-z]+", PatternHint = "lowercase letters")] string EnvironmentName { get; set; } = "dev";
        [Parameter("Time one wave may take.")] TimeSpan WaveTimeout { get; set; } = TimeSpan.FromMinutes(10);
        [Parameter("Treat warnings as errors.")] bool Strict { get; set; }
        [Parameter("Token for the API.", Name = "github-token"), Secret] string? GitHubToken { get; set; }
        [Parameter("File the sample tool touches.")] string Marker { get; set; } = "";

        Target Preflight => _ => _.Description("Checks tools and identity.")
            .ForEach(() => Clouds, (cloud, _) => { Log.Info($"ran Preflight:{cloud}"); return Task.CompletedTask; });

        Target Up => _ => _.Description("Brings the stack up.").DependsOn(Preflight)
            .ForEach(() => Clouds, async (cloud, ct) =>
            {
                await new Tool("touch").RunAsync([Marker], cancellationToken: ct);
                Log.Info($"ran Up:{cloud}");
            });

        Target Validate => _ => _.Description("Checks the platform.")
            .ForEach(() => Clouds, (cloud, _) =>
                cloud == Cloud.Gcp ? throw new TargetFailedException("2 checks failed") : Task.CompletedTask);

        public Target Deploy => _ => _.Description("Delivers the platform.").DependsOn(Up).Triggers(Validate).Requires(() => Clouds);

        Target Internal => _ => _.Unlisted().Executes(() => Log.Info("ran Internal"));
    }

    [Fact]
    public async Task Help_lists_targets_parameters_and_options()
    {
        var run = await Harness.Run<Delivery>(["--help"], Harness.Default<Delivery>(x => x.Deploy));
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldBe("""
            sample delivery

            Usage: ./build.sh [targets…] [--parameter value…] [--plan | --dry-run | --help]

            Targets (→ direct dependencies):
              Deploy (default)  Delivers the platform. → Up
              Preflight         Checks tools and identity.
              Up                Brings the stack up. → Preflight
              Validate          Checks the platform.

            Parameters (command line, then environment, then .nuke/parameters.<profile>.json, then .nuke/parameters.json):
              --cloud <aws|gcp|azure|all>…  Clouds to act on. · env CLOUD
              --environment <text>          Environment name. · default dev · lowercase letters · env ENVIRONMENT
              --wave-timeout <duration>     Time one wave may take. · default 10m · env WAVE_TIMEOUT
              --strict                      Treat warnings as errors. · env STRICT
              --github-token <secret>       Token for the API. · secret, masked in all output · env GITHUB_TOKEN
              --marker <text>               File the sample tool touches. · env MARKER

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
    public async Task Plan_prints_the_order_the_reasons_and_the_lanes_and_runs_nothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        var run = await Harness.Run<Delivery>("--plan", "Deploy", "--cloud", "gcp", "aws", "--marker", marker);
        run.ExitCode.ShouldBe(0);
        File.Exists(marker).ShouldBeFalse();
        run.Out.Replace(marker, "<marker>").ShouldBe("""
            Deploy  --cloud aws gcp · --marker <marker>
            ├── Preflight  Checks tools and identity.  (dependency of Up)
            │   ├── aws
            │   └── gcp
            ├── Up         Brings the stack up.  (dependency of Deploy)
            │   ├── aws
            │   └── gcp
            ├── Deploy     Delivers the platform.
            └── Validate   Checks the platform.  (triggered by Deploy)
                ├── aws
                └── gcp

            """);
    }

    [Fact]
    public async Task Dry_run_prints_every_command_and_runs_none()
    {
        var marker = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        var run = await Harness.Run<Delivery>("Up", "--dry-run", "--cloud", "aws", "gcp", "--marker", marker);
        run.ExitCode.ShouldBe(0, run.All);
        File.Exists(marker).ShouldBeFalse();
        run.Out.ShouldStartWith("Up  --cloud aws gcp");
        run.Out.ShouldContain($"aws │ would run: touch {marker}");
        run.Out.ShouldContain($"gcp │ would run: touch {marker}");
        run.Out.ShouldContain("Build succeeded in 0:00 (dry run: nothing was executed).");
    }

    [Fact]
    public async Task The_summary_has_a_row_per_target_and_lane_and_ends_with_the_verdict()
    {
        var marker = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        var run = await Harness.Run<Delivery>("Deploy", "--cloud", "all", "--marker", marker);
        run.ExitCode.ShouldBe(1);
        File.Exists(marker).ShouldBeTrue();
                // Shares depend on timing: compared without them.
        var summary = Shares().Replace(run.Out[run.Out.LastIndexOf("  Target ", StringComparison.Ordinal)..], "");
        summary.ShouldBe("""
              Target      Status      Duration   Share   Note
            ──────────────────────────────────────────────────────────────
              Preflight   Succeeded       0:00
              ├─ aws      Succeeded       0:00
              ├─ gcp      Succeeded       0:00
              └─ azure    Succeeded       0:00
              Up          Succeeded       0:00
              ├─ aws      Succeeded       0:00
              ├─ gcp      Succeeded       0:00
              └─ azure    Succeeded       0:00
              Deploy      Succeeded       0:00
              Validate    Failed          0:00
              ├─ aws      Succeeded       0:00
              ├─ gcp      Failed          0:00           2 checks failed
              └─ azure    Succeeded       0:00
              Total                       0:00

            Build failed: Validate (gcp).

            """);
    }

    [GeneratedRegex(@" +\d+%")]
    private static partial Regex Shares();

    [Fact]
    public async Task On_GitHub_Actions_targets_are_groups_failures_are_annotations_and_the_summary_is_markdown()
    {
        var root = Harness.TempRoot();
        var stepSummary = Path.Combine(root, "summary.md");
        var marker = Path.Combine(root, "marker");
        var run = await Harness.Run<Delivery>(["Deploy", "--cloud", "gcp", "azure", "--marker", marker],
            new() { Root = root, Environment = { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = stepSummary } });

        run.ExitCode.ShouldBe(1);
        var lines = run.Out.Split('\n');
        // Lanes that ran side by side are written whole, each in its own group.
        var group = Array.IndexOf(lines, "::group::Up · gcp");
        group.ShouldBeGreaterThan(-1);
        lines[(group + 1)..].TakeWhile(l => l != "::endgroup::").ShouldAllBe(l => l.StartsWith("gcp │ ", StringComparison.Ordinal));
        lines.ShouldContain("::error title=Validate · gcp failed::2 checks failed");
        lines.ShouldNotContain(l => l.StartsWith("━━", StringComparison.Ordinal));

        var markdown = File.ReadAllText(stepSummary);
        markdown.ShouldContain("| Target | Status | Duration | Share | Note |");
        markdown.ShouldContain("| └ gcp | ❌ Failed | 0:00 | | 2 checks failed |");
        markdown.ShouldContain("**Build failed: Validate (gcp).**");
    }

    [Fact]
    public async Task Exit_codes_say_success_failure_and_bad_input()
    {
        var marker = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        (await Harness.Run<Delivery>("Up", "--cloud", "aws", "--marker", marker)).ExitCode.ShouldBe(0);
        (await Harness.Run<Delivery>("Validate", "--cloud", "gcp")).ExitCode.ShouldBe(1);
        (await Harness.Run<Delivery>("Validate", "--cloud", "gpc")).ExitCode.ShouldBe(2);
        var missing = await Harness.Run<Delivery>("Deploy");
        missing.ExitCode.ShouldBe(2);
        missing.Error.Trim().ShouldBe("Deploy requires --cloud: pass --cloud aws|gcp|azure|all, or set CLOUD or 'cloud' in .nuke/parameters.json");
    }

    [Fact]
    public async Task Unlisted_targets_are_hidden_from_help_but_run_by_name()
    {
        (await Harness.Run<Delivery>("--help")).Out.ShouldNotContain("Internal");
        (await Harness.Run<Delivery>("Internal")).Ran.ShouldBe(["Internal"]);
    }
}
