namespace Engine.Tests;

public sealed class FileLockTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_holder_waits_says_so_once_and_gets_the_lock_when_the_first_lets_go()
    {
        var path = Path.Combine(Harness.TempRoot(), "temp", "install.lock");
        var first = await FileLock.AcquireAsync(path, () => throw new InvalidOperationException("the first holder must not wait"), Ct);
        var waits = 0;
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = FileLock.AcquireAsync(path, () => { Interlocked.Increment(ref waits); waiting.TrySetResult(); }, Ct);

        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        second.IsCompleted.ShouldBeFalse("the first holder still has it");
        first.Dispose();
        using var got = await second.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        waits.ShouldBe(1);
    }

    [Fact]
    public async Task A_lock_held_by_flock_in_another_process_is_respected()
    {
        var path = Path.Combine(Harness.TempRoot(), "build.lock");
        // flock(1) holds the lock while its command runs; the command says when it holds it, then waits for stdin.
        var start = new System.Diagnostics.ProcessStartInfo("flock",
            [path, "sh", "-c", "echo held; read line"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var holder = System.Diagnostics.Process.Start(start)!;
        (await holder.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), Ct)).ShouldBe("held");

        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acquire = FileLock.AcquireAsync(path, () => waiting.TrySetResult(), Ct);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await holder.StandardInput.WriteLineAsync("done");
        holder.StandardInput.Close();
        using var got = await acquire.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await holder.WaitForExitAsync(Ct);
    }
}
