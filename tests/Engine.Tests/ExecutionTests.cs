using System.Collections.Concurrent;

namespace Engine.Tests;

public sealed class ExecutionTests
{
    public enum Region { North, South, East }

    /// <summary>Hooks a test uses to see inside a running build: keyed by the --key parameter.</summary>
    static readonly ConcurrentDictionary<string, TaskCompletionSource> Started = new();
    static readonly ConcurrentDictionary<string, CountdownEvent> Rendezvous = new();

    sealed class Pipeline : BuildBase
    {
        [Parameter("Lanes.", AllowAll = true)] Region[] Regions { get; set; } = [];
        [Parameter("Lanes whose Up fails.")] Region[] FailIn { get; set; } = [];
        [Parameter("Test hook key.")] string Key { get; set; } = "";

        Target Prepare => _ => _.Executes(() => Log.Info("ran Prepare"));

        Target Up => _ => _.DependsOn(Prepare).ForEach(() => Regions, (region, _) =>
        {
            // Every lane waits here until all lanes arrived: only lanes that run side by side get through.
            if (Rendezvous.TryGetValue(Key, out var all) && !all.Signal() && !all.Wait(TimeSpan.FromSeconds(20), _))
                throw new TargetFailedException("lanes did not run concurrently");
            if (FailIn.Contains(region)) throw new TargetFailedException($"up failed in {region}");
            Log.Info($"ran Up:{region}");
            return Task.CompletedTask;
        });

        Target Check => _ => _.DependsOn(Up).ForEach(() => Regions, (region, _) =>
        {
            Log.Info($"ran Check:{region}");
            Engine.Summary.Note($"{region}: 2 checks passed");
            return Task.CompletedTask;
        });

        Target Report => _ => _.DependsOn(Check).Executes(() => Log.Info("ran Report"));
        Target Tidy => _ => _.After(Up).Executes(() => Log.Info("ran Tidy"));
        Target Cleanup => _ => _.AssuredAfterFailure().After(Report).Executes(() => Log.Info("ran Cleanup"));

        Target Wait => _ => _.Executes(async ct =>
        {
            Log.Info("ran Wait");
            Started[Key].SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });

        Target AfterWait => _ => _.DependsOn(Wait).Executes(() => Log.Info("ran AfterWait"));
        Target Finally => _ => _.AssuredAfterFailure().After(AfterWait).Executes(() => Log.Info("ran Finally"));
    }

    sealed class Failing : BuildBase
    {
        Target Flaky => _ => _.ProceedAfterFailure().Executes(() => throw new TargetFailedException("flaky broke"));
        Target NeedsFlaky => _ => _.DependsOn(Flaky).Executes(() => Log.Info("ran NeedsFlaky"));
        Target Independent => _ => _.After(Flaky).Executes(() => Log.Info("ran Independent"));
        Target Broken => _ => _.Executes(() => throw new InvalidOperationException("a defect"));
        Target Later => _ => _.After(Broken).Executes(() => Log.Info("ran Later"));
        Target Conditional => _ => _.OnlyWhen(() => DateTime.Now.Year < 2000).Executes(() => Log.Info("ran Conditional"));
        Target Refuses => _ => _.ProceedAfterFailure()
            .Executes(() => throw new TargetRefusedException("east is not ready: nothing written"));
    }

    [Fact]
    public async Task Lanes_run_side_by_side_and_their_lines_carry_the_lane()
    {
        var key = Guid.NewGuid().ToString();
        Rendezvous[key] = new CountdownEvent(3);
        var run = await Harness.Run<Pipeline>("Check", "--regions", "all", "--key", key);
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("north │ ran Up:North");
        run.Out.ShouldContain("south │ ran Up:South");
        run.Out.ShouldContain("east │ ran Check:East");
        run.Out.ShouldContain("━━ Up · south ━━");
    }

    [Fact]
    public async Task A_failing_lane_stops_only_its_own_later_targets()
    {
        var run = await Harness.Run<Pipeline>("Report", "Tidy", "Cleanup", "--regions", "north", "south", "--fail-in", "south");
        run.ExitCode.ShouldBe(1);
        run.Ran.ShouldContain("Check:North");
        run.Ran.ShouldNotContain("Check:South");
        run.Ran.ShouldNotContain("Report");
        run.Ran.ShouldContain("Tidy", "a target outside the lanes runs unless it needs the failed one");
        run.Ran.ShouldContain("Cleanup");
        var summary = Summary(run);
        Row(summary, "Up", "Failed");
        Row(summary, "├─ north", "Succeeded");
        Row(summary, "└─ south", "Failed");
        summary.ShouldContain("up failed in South");
        Row(summary, "├─ north", "Succeeded"); // Check's north lane
        summary.ShouldContain("North: 2 checks passed");
        summary.ShouldContain("Up (south) did not succeed");
        Row(summary, "Report", "NotRun");
        Row(summary, "Cleanup", "Succeeded");
        run.Out.TrimEnd().Split('\n')[^1].ShouldBe("Build failed: Up (south).");
    }

    [Fact]
    public async Task Proceed_after_failure_lets_later_targets_run_but_not_its_dependents()
    {
        var run = await Harness.Run<Failing>("Flaky", "NeedsFlaky", "Independent");
        run.ExitCode.ShouldBe(1);
        run.Ran.ShouldBe(["Independent"]);
        Summary(run).ShouldContain("needs Flaky");
    }

    [Fact]
    public async Task A_failure_stops_the_targets_after_it()
    {
        var run = await Harness.Run<Failing>("Broken", "Later");
        run.ExitCode.ShouldBe(1);
        run.Ran.ShouldBeEmpty();
        Row(Summary(run), "Later", "NotRun");
    }

    [Fact]
    public async Task An_expected_failure_is_its_message_and_a_defect_is_one_line_naming_the_file_with_its_trace()
    {
        var expected = await Harness.Run<Failing>("Flaky");
        expected.Out.ShouldContain("✖ Flaky failed: flaky broke");
        expected.Out.ShouldNotContain("   at ");

        var root = Harness.TempRoot();
        var defect = await Harness.Run<Failing>(["Broken"], new() { Root = root });
        var line = defect.Out.Split('\n').Single(l => l.StartsWith("✖ Broken failed: ", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line,
            @"^✖ Broken failed: InvalidOperationException: a defect \(trace: (\.nuke/temp/logs/Broken-[\d-]+\.log)\)$");
        match.Success.ShouldBeTrue(line);
        defect.Out.ShouldNotContain("   at ");
        var trace = File.ReadAllText(Path.Combine(root, match.Groups[1].Value));
        trace.ShouldContain("InvalidOperationException: a defect");
        trace.ShouldContain("   at ");
    }

    [Fact]
    public async Task A_false_condition_skips_the_target_and_says_which_condition()
    {
        var run = await Harness.Run<Failing>("Conditional");
        run.ExitCode.ShouldBe(0);
        run.Ran.ShouldBeEmpty();
        run.Out.ShouldContain("skipped: condition is false: () => DateTime.Now.Year < 2000");
        Summary(run).ShouldContain("Skipped");
    }

    [Fact]
    public async Task An_interrupt_stops_the_running_target_runs_assured_targets_and_prints_the_summary()
    {
        var key = Guid.NewGuid().ToString();
        Started[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var interrupt = new CancellationTokenSource();
        var running = Harness.Run<Pipeline>(["Wait", "AfterWait", "Finally", "--key", key], new() { Interrupt = interrupt.Token });
        await Started[key].Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await interrupt.CancelAsync();
        var run = await running.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        run.ExitCode.ShouldBe(130);
        run.Ran.ShouldBe(["Wait", "Finally"]);
        run.Out.ShouldContain("■ Wait was interrupted");
        var summary = Summary(run);
        Row(summary, "Wait", "Cancelled");
        Row(summary, "AfterWait", "NotRun");
        Row(summary, "Finally", "Succeeded");
        run.Out.TrimEnd().Split('\n')[^1].ShouldBe("Build interrupted: stopped Wait.");
    }

    static void Row(string summary, string target, string status) =>
        summary.ShouldMatch($@"(?m)^\s+{System.Text.RegularExpressions.Regex.Escape(target)}\s+{status}\b");

    [Fact]
    public async Task A_refusal_exits_2_alone_and_1_beside_a_real_failure()
    {
        var refused = await Harness.Run<Failing>("Refuses");
        refused.ExitCode.ShouldBe(2, refused.All);
        refused.Out.ShouldContain("✖ Refuses failed: east is not ready: nothing written");
        refused.Out.ShouldNotContain("trace:");

        var both = await Harness.Run<Failing>("Refuses", "Flaky");
        both.ExitCode.ShouldBe(1, both.All);
    }

    /// <summary>The summary table and verdict, from the header row on.</summary>
    static string Summary(Harness.Result run) => run.Out[run.Out.LastIndexOf("  Target ", StringComparison.Ordinal)..];
}
