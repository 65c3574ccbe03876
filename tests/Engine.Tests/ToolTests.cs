using Engine.Processes;

namespace Engine.Tests;

/// <summary>The one process runner: real processes (sh), their streams, exit codes, environment and stdin.</summary>
public sealed class ToolTests
{
    sealed class Shell : BuildBase
    {
        [Parameter("Script for sh -c.")] string Script { get; set; } = "";
        [Parameter("Working directory.")] string Dir { get; set; } = "";
        [Parameter("Stdin.")] string Input { get; set; } = "";

        Target Run => _ => _.Executes(async ct =>
        {
            var result = await new Tool("sh").RunAsync(["-c", Script], new ToolOptions
            {
                WorkingDirectory = Dir.Length > 0 ? Dir : null,
                StandardInput = Input.Length > 0 ? Input : null,
                Environment = new Dictionary<string, string?> { ["ADDED"] = "added-value", ["REMOVED"] = null },
                // sh does not pass SIGINT on to its child: keep the wait for the forced stop short.
                GracePeriod = TimeSpan.FromSeconds(1),
            }, ct);
            Log.Info($"captured stdout: [{result.Output.Trim()}]");
        });

        Target Missing => _ => _.Executes(ct => new Tool("no-such-tool-on-path").RunAsync(["--version"], cancellationToken: ct));
    }

    [Fact]
    public async Task Stderr_is_streamed_with_the_tool_prefix_and_is_not_an_error()
    {
        var run = await Harness.Run<Shell>("Run", "--script", "echo progress 1/2 >&2; echo result; echo progress 2/2 >&2");
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldContain("sh │ progress 1/2");
        run.Out.ShouldContain("sh │ result");
        run.Out.ShouldContain("captured stdout: [result]");
        run.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_non_zero_exit_fails_the_target_with_the_code_and_the_last_lines()
    {
        var script = "for i in $(seq 1 30); do echo line $i; done; echo fatal: it broke >&2; exit 3";
        var run = await Harness.Run<Shell>("Run", "--script", script);
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("exited with code 3; last lines:");
        var failure = run.Out[run.Out.IndexOf("✖ Run failed", StringComparison.Ordinal)..];
        failure.ShouldContain("  line 30");
        failure.ShouldContain("  fatal: it broke");
        failure.ShouldNotContain("  line 10\n");
    }

    [Fact]
    public async Task The_build_environment_is_inherited_and_amended()
    {
        var run = await Harness.Run<Shell>(["Run", "--script", "echo from-build=$FROM_BUILD added=$ADDED removed=${REMOVED:-unset}"],
            new() { Environment = { ["FROM_BUILD"] = "passed-through", ["REMOVED"] = "should-go" } });
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("sh │ from-build=passed-through added=added-value removed=unset");
    }

    [Fact]
    public async Task The_working_directory_is_used_and_shown()
    {
        var root = Harness.TempRoot();
        var sub = Directory.CreateDirectory(Path.Combine(root, "infra", "aws")).FullName;
        var run = await Harness.Run<Shell>(["Run", "--script", "pwd", "--dir", sub], new() { Root = root });
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("> sh -c pwd  (in infra/aws)");
        run.Out.ShouldContain($"sh │ {sub}");
    }

    [Fact]
    public async Task Stdin_reaches_the_process_and_is_not_printed()
    {
        var run = await Harness.Run<Shell>("Run", "--script", "wc -c", "--input", "stdin-payload-123");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("sh │ 17");
        run.Out.ShouldNotContain("stdin-payload-123\n");
        run.Out.Split('\n').ShouldNotContain(l => l.Contains("sh │ stdin-payload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tool_that_is_not_installed_is_one_clear_line()
    {
        var run = await Harness.Run<Shell>("Missing");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("✖ Missing failed: no-such-tool-on-path: 'no-such-tool-on-path' was not found on PATH; install it or put " +
            "it on PATH");
    }

    [Fact]
    public async Task An_interrupt_stops_the_process()
    {
        using var interrupt = new CancellationTokenSource();
        var marker = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        var running = Harness.Run<Shell>(["Run", "--script", $"touch {marker}; sleep 60; echo finished"],
            new() { Interrupt = interrupt.Token });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline) await Task.Delay(20, TestContext.Current.CancellationToken);
        File.Exists(marker).ShouldBeTrue("the process started");
        await interrupt.CancelAsync();
        var run = await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        run.ExitCode.ShouldBe(130);
        run.Out.ShouldNotContain("sh │ finished");
        run.Out.ShouldContain("■ Run was interrupted");
    }
}
