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
        [Parameter("Environment name.", Name = "environment", Pattern = "[a-z]+",
            PatternHint = "lowercase letters")] string EnvironmentName { get; set; } = "dev";
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
        run.Out.ShouldMatchSnapshot("help.txt");
    }

    [Fact]
    public async Task Plan_prints_the_order_the_reasons_and_the_lanes_and_runs_nothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        var run = await Harness.Run<Delivery>("--plan", "Deploy", "--cloud", "gcp", "aws", "--marker", marker);
        run.ExitCode.ShouldBe(0);
        File.Exists(marker).ShouldBeFalse();
        run.Out.Replace(marker, "<marker>").ShouldMatchSnapshot("plan.txt");
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
        run.Out.ShouldMatch(@"Build succeeded in \d+:\d\d \(dry run: nothing was changed\)\.");
    }

    [Fact]
    public async Task The_summary_has_a_row_per_target_and_lane_and_ends_with_the_verdict()
    {
        var marker = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        var run = await Harness.Run<Delivery>("Deploy", "--cloud", "all", "--marker", marker);
        run.ExitCode.ShouldBe(1);
        File.Exists(marker).ShouldBeTrue();
        // Shares and durations depend on timing (a loaded machine once took 0:01): compared without them.
        var summary = Durations().Replace(Shares().Replace(run.Out[run.Out.LastIndexOf("  Target ", StringComparison.Ordinal)..], ""),
            "0:00");
        summary.ShouldMatchSnapshot("summary.txt");
    }

    [GeneratedRegex(@" +\d+%")]
    private static partial Regex Shares();

    [GeneratedRegex(@"\b\d:\d\d\b")]
    private static partial Regex Durations();

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
        markdown.ShouldMatch(@"\| └ gcp \| ❌ Failed \| \d+:\d\d \| \| 2 checks failed \|");
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
        missing.Error.Trim()
            .ShouldBe("Deploy requires --cloud: pass --cloud aws|gcp|azure|all, or set CLOUD or 'cloud' in .nuke/parameters.json");
    }

    [Fact]
    public async Task Unlisted_targets_are_hidden_from_help_but_run_by_name()
    {
        (await Harness.Run<Delivery>("--help")).Out.ShouldNotContain("Internal");
        (await Harness.Run<Delivery>("Internal")).Ran.ShouldBe(["Internal"]);
    }
}
