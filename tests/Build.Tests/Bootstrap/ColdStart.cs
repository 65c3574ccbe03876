namespace Build.Tests.Bootstrap;

/// <summary>The one cold compile the bootstrap scenarios share: a fresh copy started by build.ps1 and, once it is
/// compiling, by two build.sh at once. Every other scenario clones the root it leaves behind.</summary>
internal sealed record ColdStart(string Root, Call Ps1, Call FirstSh, Call SecondSh)
{
    static readonly Lock Gate = new();

    /// <summary>Started by the first scenario that asks, on the thread pool, and awaited by all.</summary>
    public static Task<ColdStart> Value
    {
        get
        {
            lock (Gate) return field ??= Task.Run(RunAsync);
        }
    }

    static async Task<ColdStart> RunAsync()
    {
        var root = BootstrapCopy.Fresh();
        var ps1 = BootstrapCopy.Pwsh(root, "--plan", "Verify");
        await ps1.TraceShowsAsync("build.ps1: building build/_build.csproj into .nuke/temp/build-bin-");
        var first = BootstrapCopy.Sh(root, "--plan", "Verify");
        var second = BootstrapCopy.Sh(root, "--plan", "Verify");
        return new ColdStart(root, await ps1.ExitAsync(), await first.ExitAsync(), await second.ExitAsync());
    }
}
