using Engine;

namespace SampleBuild;

public sealed class SampleBuild : BuildBase
{
    public static Task<int> Main(string[] args) => BuildRunner.ExecuteAsync<SampleBuild>(args, x => x.Hello);

    Target Hello => _ => _.Description("Says hello.").Executes(() => Log.Info("ran Hello"));

    Target Wait => _ => _.Description("Waits until interrupted.").Executes(async ct =>
    {
        Log.Info("waiting for an interrupt");
        await Task.Delay(Timeout.Infinite, ct);
    });

    Target Cleanup => _ => _.Description("Runs even after an interrupt.").AssuredAfterFailure().After(Wait)
        .Executes(() => Log.Info("ran Cleanup"));
}
