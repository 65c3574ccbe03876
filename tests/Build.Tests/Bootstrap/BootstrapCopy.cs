using System.Diagnostics;
using System.Text;

namespace Build.Tests.Bootstrap;

/// <summary>The bootstrap's inputs (build/, both scripts, global.json, the props, .editorconfig, the tool manifest, .nuke/) in a
/// temporary root, as a fresh clone has them: no bin/, no obj/, no stamp.</summary>
internal static class BootstrapCopy
{
    static readonly string[] Files = ["build.sh", "build.ps1", "global.json", "Directory.Build.props", "Directory.Packages.props",
        "dotnet-tools.json", ".editorconfig", ".nuke/parameters.json", ".nuke/build.schema.json"];

    public static string Fresh()
    {
        var source = Harness.RepositoryRoot();
        var copy = NewRoot();
        foreach (var file in Files) CopyFile(Path.Combine(source, file), Path.Combine(copy, file));
        var build = Path.Combine(source, "build");
        foreach (var file in Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(build, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            CopyFile(file, Path.Combine(copy, "build", relative));
        }
        return copy;
    }

    /// <summary>A copy of a root that has been built, timestamps and all (cp -a), so it starts as warm as the
    /// original: the compile of one root serves many scenarios.</summary>
    public static async Task<string> CloneAsync(string root)
    {
        var clone = NewRoot();
        Directory.Delete(clone);
        var cp = await new Started(root, "cp", ["-a", root, clone]).ExitAsync();
        cp.ExitCode.ShouldBe(0, cp.Trace);
        return clone;
    }

    /// <summary>platform/, the committed stack config its overlays are generated from, and tools/node (its package
    /// files and scripts, not node_modules) from the repository, for scenarios that run real targets.</summary>
    public static void AddPlatformAndTools(string root)
    {
        var source = Harness.RepositoryRoot();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(source, "platform"), "*", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(source, "infra", "pulumi"), "Pulumi.*.yaml", SearchOption.AllDirectories)
                         .Where(f => !f.Contains("node_modules", StringComparison.Ordinal))))
            CopyFile(file, Path.Combine(root, Path.GetRelativePath(source, file)));
        // Its package files and scripts (promql-parse.mjs, which Verify runs).
        foreach (var file in Directory.GetFiles(Path.Combine(source, "tools", "node")))
            CopyFile(file, Path.Combine(root, Path.GetRelativePath(source, file)));
    }

    static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "bootstrap-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        return root;
    }

    static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    public static Started Sh(string root, params string[] args) => new(root, "bash", ["build.sh", .. args]);

    public static Started Pwsh(string root, params string[] args) => new(root, "dotnet",
        ["tool", "run", "pwsh", "-NoProfile", "-File", "build.ps1", .. args]);

    /// <summary>The build folders the bootstrap keeps under .nuke/temp.</summary>
    public static IReadOnlyList<string> BuildFolders(string root) =>
        [.. Directory.GetDirectories(Path.Combine(root, ".nuke", "temp"), "build-bin*").Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!];

    /// <summary>The folder the stamp names: the third word of .nuke/temp/build.stamp.</summary>
    public static string StampedFolder(string root) => File.ReadAllText(Path.Combine(root, ".nuke", "temp", "build.stamp")).Split(' ')[2]
        .Trim();
}

internal sealed record Call(int ExitCode, string Out, string Trace);

/// <summary>A bootstrap started with BUILD_TRACE=1, whose stderr (the trace) can be waited on line by line. Its
/// process is released once <see cref="ExitAsync"/> has read the end.</summary>
internal sealed class Started : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _out = new();
    readonly StringBuilder _trace = new();
    readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waits = [];
    readonly Lock _gate = new();

    public Started(string root, string program, IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["BUILD_TRACE"] = "1", ["NO_COLOR"] = "1" },
        };
        foreach (var (k, v) in environment ?? []) start.Environment[k] = v;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _out.Append(e.Data).Append('\n'); };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_gate)
            {
                _trace.Append(e.Data).Append('\n');
                foreach (var wait in _waits.Where(w => w.Match(e.Data))) wait.Seen.TrySetResult();
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Completes when the trace has a line containing <paramref name="text"/>; fails if the process ends first.</summary>
    public async Task TraceShowsAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_trace.ToString().Contains(text, StringComparison.Ordinal)) return;
            _waits.Add((line => line.Contains(text, StringComparison.Ordinal), seen));
        }
        var exited = _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(seen.Task, exited).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        if (first != seen.Task && !seen.Task.IsCompleted)
            throw new InvalidOperationException($"the process ended before its trace showed '{text}':\n{Trace}");
    }

    string Trace
    {
        get { lock (_gate) return _trace.ToString(); }
    }

    public async Task<Call> ExitAsync()
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        _process.WaitForExit(); // the redirected streams are drained only after this overload returns
        Call call;
        lock (_gate) call = new Call(_process.ExitCode, _out.ToString(), _trace.ToString());
        Dispose();
        return call;
    }

    public void Dispose() => _process.Dispose();
}
