namespace Engine.Tests;

public sealed class PlannerTests
{
    sealed class Graph : BuildBase
    {
        Target Clean => _ => _.Before(Restore).Executes(() => Log.Info("ran Clean"));
        Target Restore => _ => _.Executes(() => Log.Info("ran Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Log.Info("ran Compile"));
        Target RunTests => _ => _.DependsOn(Compile).Triggers(Report).Executes(() => Log.Info("ran RunTests"));
        Target Pack => _ => _.DependsOn(Compile).After(RunTests).Executes(() => Log.Info("ran Pack"));
        Target Report => _ => _.Executes(() => Log.Info("ran Report"));
        Target Lint => _ => _.TriggeredBy(Compile).Executes(() => Log.Info("ran Lint"));
        public Target Everything => _ => _.DependsOn(Pack, RunTests);
    }

    sealed class Cyclic : BuildBase
    {
        Target Alpha => _ => _.DependsOn(Beta).Executes(() => Log.Info("ran Alpha"));
        Target Beta => _ => _.DependsOn(Gamma).Executes(() => Log.Info("ran Beta"));
        Target Gamma => _ => _.After(Alpha).Executes(() => Log.Info("ran Gamma"));
    }

    [Fact]
    // Triggered targets are scheduled with their trigger and run once the invoked targets are done, in declaration order.
    public async Task Dependencies_run_first_and_triggered_targets_after()
    {
        var run = await Harness.Run<Graph>("RunTests");
        run.ExitCode.ShouldBe(0);
        run.Ran.ShouldBe(["Restore", "Compile", "RunTests", "Report", "Lint"]);
    }

    [Fact]
    public async Task Ordering_edges_apply_only_when_both_targets_are_scheduled()
    {
        (await Harness.Run<Graph>("Pack")).Ran.ShouldBe(["Restore", "Compile", "Pack", "Lint"]);
        (await Harness.Run<Graph>("Pack", "RunTests")).Ran.ShouldBe(["Restore", "Compile", "RunTests", "Pack", "Report", "Lint"]);
    }

    [Fact]
    public async Task Before_edges_pull_a_target_ahead_of_the_one_it_precedes()
    {
        (await Harness.Run<Graph>("Compile", "Clean")).Ran.ShouldBe(["Clean", "Restore", "Compile", "Lint"]);
    }

    [Fact]
    public async Task Positional_targets_ignore_case_and_dashes()
    {
        (await Harness.Run<Graph>("run-tests")).Ran.ShouldContain("RunTests");
        (await Harness.Run<Graph>("RUNTESTS")).Ran.ShouldContain("RunTests");
    }

    [Fact]
    public async Task The_default_target_runs_when_none_is_named()
    {
        var run = await Harness.Run<Graph>([], Harness.Default<Graph>(x => x.Everything));
        run.ExitCode.ShouldBe(0);
        run.Ran.ShouldBe(["Restore", "Compile", "RunTests", "Pack", "Report", "Lint"]);
    }

    [Fact]
    public async Task Skip_without_names_skips_everything_not_invoked()
    {
        var run = await Harness.Run<Graph>("RunTests", "--skip");
        run.ExitCode.ShouldBe(0);
        run.Ran.ShouldBe(["RunTests"]);
        run.Out.ShouldContain("Compile    Skipped");
    }

    [Fact]
    public async Task Skip_with_names_also_drops_what_only_the_skipped_targets_needed()
    {
        var run = await Harness.Run<Graph>("RunTests", "--skip", "Compile");
        run.ExitCode.ShouldBe(0);
        run.Ran.ShouldBe(["RunTests", "Report"]);
        run.Out.ShouldContain("only needed by skipped targets");
    }

    [Fact]
    public async Task A_cycle_fails_before_anything_runs_and_names_the_cycle()
    {
        var run = await Harness.Run<Cyclic>("Alpha");
        run.ExitCode.ShouldBe(2);
        run.Ran.ShouldBeEmpty();
        run.Error.Trim().ShouldBe("targets wait on each other in a cycle: Alpha → Beta → Gamma → Alpha");
    }

    [Fact]
    public async Task An_unknown_target_is_one_line_with_a_suggestion_and_the_targets()
    {
        var run = await Harness.Run<Graph>("Compil");
        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        run.Error.Trim()
            .ShouldBe("unknown target 'Compil'; did you mean 'Compile'? (targets: Clean, Compile, Everything, Lint, Pack, Report, " +
                "Restore, RunTests)");
        (await Harness.Run<Graph>("Nope")).Error.Trim()
            .ShouldBe("unknown target 'Nope' (targets: Clean, Compile, Everything, Lint, Pack, Report, Restore, RunTests)");
    }
}
