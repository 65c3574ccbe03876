using System.Diagnostics;
using System.Text;

namespace Engine.Tests;

/// <summary>A real build process and a real SIGINT, as Ctrl-C in a terminal sends it.</summary>
public sealed class SignalTests
{
    [Fact]
    public async Task Ctrl_C_stops_the_running_target_runs_clean_up_and_prints_the_summary()
    {
        var ct = TestContext.Current.CancellationToken;
        var sample = Path.Combine(AppContext.BaseDirectory, "SampleBuild.dll");
        var start = new ProcessStartInfo("dotnet", [sample, "Wait", "Cleanup", "--root", Harness.TempRoot()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NO_COLOR"] = "1" },
        };
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.Contains("waiting for an interrupt", StringComparison.Ordinal) == true) waiting.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

        var text = output.ToString();
        process.ExitCode.ShouldBe(130, text);
        text.ShouldContain("interrupt: stopping the running targets");
        text.ShouldContain("■ Wait was interrupted");
        text.ShouldContain("ran Cleanup");
        text.ShouldMatch(@"(?m)^\s+Wait\s+Cancelled");
        text.ShouldContain("Build interrupted: stopped Wait.");
    }
}
