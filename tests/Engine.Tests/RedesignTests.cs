using Engine.Processes;

namespace Engine.Tests;

/// <summary>The engine decisions a build relies on without testing flags itself: which shared target still runs,
/// what a dry run does, which environment variables a build reads, choice-typed parameters, and live blocks in logs.</summary>
public sealed class RedesignTests
{
    /// <summary>Two values of a closed set that carry behaviour: a parameter type like an enum.</summary>
    public sealed class Site : IChoice<Site>
    {
        Site(string name, string greeting) => (Name, Greeting) = (name, greeting);

        public static Site North { get; } = new("north", "hej");
        public static Site South { get; } = new("south", "hola");
        public static IReadOnlyList<Site> All { get; } = [North, South];

        public string Name { get; }
        public string Greeting { get; }
    }

    sealed class Delivery : BuildBase
    {
        public override string EnvironmentPrefix => "SAMPLE_";

        [Parameter("Sites.", AllowAll = true)] public Site[] Sites { get; set; } = [];
        [Parameter("Sites whose check fails.")] public Site[] FailIn { get; set; } = [];
        [Parameter("A tool's own variable.", EnvironmentVariable = "TOOL_TOKEN")] public string Token { get; set; } = "";
        [Parameter("Where the sample writes.")] public string Marker { get; set; } = "";

        Target Check => _ => _.ForEach(() => Sites, (site, _) =>
            FailIn.Contains(site) ? throw new TargetFailedException($"{site.Name} is down")
                : Report($"ran Check:{site.Name} ({site.Greeting})"));

        Target Install => _ => _.Executes(() => Log.Info("ran Install"));

        Target Up => _ => _.DependsOn(Check, Install).ForEach(() => Sites, (site, _) => Report($"ran Up:{site.Name}"));

        Target Show => _ => _.Executes(() => Log.Info($"values: sites={string.Join(",", Sites.Select(s => s.Name))} token={Token}"));

        Target Change => _ => _.Executes(async ct =>
        {
            var read = await new Tool("echo").RunAsync(["read", "only"], new ToolOptions { ReadOnly = true }, ct);
            var change = await new Tool("touch").RunAsync([Marker], cancellationToken: ct);
            Log.Info($"read said '{read.Output.Trim()}'; the change was {(change.IsPlanned ? "planned" : "made")}");
            Files.Write(Marker + ".report", "written");
        });

        Target Watch => _ => _.ForEach(() => Sites, (site, _) => Report($"watched {site.Name}"))
            .DryRun<Site>(site => $"watch {site.Name} until it answers");

        Target Wait => _ => _.Executes(() =>
        {
            using var live = Log.Live();
            live.Update(["first state"], "0:01 of 10m");
            live.Update(["first state"], "0:02 of 10m");
            live.Update(["second state"], "0:03 of 10m");
        });

        static Task Report(string line)
        {
            Log.Info(line);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_shared_target_is_skipped_when_every_lane_that_needs_it_has_stopped()
    {
        var run = await Harness.Run<Delivery>("Up", "--sites", "all", "--fail-in", "north", "south");
        run.ExitCode.ShouldBe(1);
        run.Ran.ShouldNotContain("Install");
        run.Out.ShouldContain("not needed: every lane that needs it stopped (north, south)");

        var partly = await Harness.Run<Delivery>("Up", "--sites", "all", "--fail-in", "south");
        partly.Ran.ShouldContain("Install", "the north lane still needs it");
        partly.Ran.ShouldContain("Up:north");
        partly.Ran.ShouldNotContain("Up:south");

        var named = await Harness.Run<Delivery>("Check", "Install", "--sites", "all", "--fail-in", "north", "south");
        named.Ran.ShouldContain("Install", "a target named on the command line runs");
    }

    [Fact]
    public async Task A_choice_parameter_parses_its_names_expands_all_in_order_labels_lanes_and_lists_its_values()
    {
        var run = await Harness.Run<Delivery>("Check", "--sites", "south", "north");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("north │ ran Check:north (hej)");
        run.Out.ShouldContain("south │ ran Check:south (hola)");
        (await Harness.Run<Delivery>("--help")).Out.ShouldContain("--sites <north|south|all>…");
        (await Harness.Run<Delivery>("Check", "--sites", "east")).Error.Trim().ShouldBe("--sites: 'east' is not one of north, south, all");
    }

    [Fact]
    public async Task The_build_reads_its_own_variables_with_its_prefix_and_a_tool_s_by_its_standard_name()
    {
        var settings = new Harness.Settings { Environment = { ["SITES"] = "south", ["SAMPLE_SITES"] = "north",
            ["TOOL_TOKEN"] = "t0k3n-from-the-tool" } };
        var run = await Harness.Run<Delivery>(["Show"], settings);
        run.Out.ShouldContain("values: sites=north token=t0k3n-from-the-tool");
        (await Harness.Run<Delivery>("--help")).Out.ShouldContain("env SAMPLE_SITES");
    }

    [Fact]
    public async Task A_dry_run_runs_what_only_reads_plans_every_change_and_prints_a_target_s_own_plan()
    {
        var marker = Path.Combine(Harness.TempRoot(), "marker");
        var run = await Harness.Run<Delivery>("Change", "Watch", "--sites", "all", "--marker", marker, "--dry-run");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("reading (runs in a dry run too): echo read only");
        run.Out.ShouldContain($"would run: touch {marker}");
        run.Out.ShouldContain("read said 'read only'; the change was planned");
        run.Out.ShouldContain($"would write {marker}.report");
        run.Out.ShouldContain("north │ would watch north until it answers");
        run.Ran.ShouldNotContain("watched north");
        File.Exists(marker).ShouldBeFalse();
        File.Exists(marker + ".report").ShouldBeFalse();
        run.Out.ShouldMatch(@"Build succeeded in \d+:\d\d \(dry run: nothing was changed\)\.");

        var real = await Harness.Run<Delivery>("Change", "--marker", marker);
        real.Out.ShouldContain("read said 'read only'; the change was made");
        File.Exists(marker).ShouldBeTrue();
        File.ReadAllText(marker + ".report").ShouldBe("written");
    }

    [Fact]
    public async Task In_a_log_a_live_block_is_a_history_of_changed_lines_with_their_time_and_no_ticker()
    {
        var run = await Harness.Run<Delivery>("Wait");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.Split('\n').Count(l => l.StartsWith("first state  [", StringComparison.Ordinal))
            .ShouldBe(1, "an unchanged line is not printed again");
        run.Out.ShouldMatch(@"(?m)^second state  \[0:\d\d\]$");
        run.Out.ShouldNotContain("of 10m", customMessage: "the ticker is for terminals");
    }
}
