using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Fakes.Clouds.Tests;

/// <summary>What a CLI printed and how it ended.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException("stdout is JSON null");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs a real executable with an amended environment (null removes a variable) and optional stdin.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(string executable, IReadOnlyDictionary<string, string?> environment,
        IEnumerable<string> arguments, string? input = null)
    {
        var start = new ProcessStartInfo(Locate(executable, environment))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', start.ArgumentList)} did not finish in 60 s");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A bare name is looked up on the PATH the child gets, as a shell would, not on the test's own PATH.</summary>
    static string Locate(string executable, IReadOnlyDictionary<string, string?> environment)
    {
        if (executable.Contains('/', StringComparison.Ordinal) || !environment.TryGetValue("PATH", out var path) || path is null)
            return executable;
        return path.Split(Path.PathSeparator).Select(dir => Path.Combine(dir, executable)).FirstOrDefault(File.Exists) ?? executable;
    }

    /// <summary>
    /// The file that runs for <paramref name="tool"/> on PATH. A pyenv shim is resolved to the interpreter's own
    /// script once (the shim costs ~0.4 s per call); it is the same CLI either way.
    /// </summary>
    public static string Resolve(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists) ?? tool;
        var shims = Path.GetDirectoryName(onPath);
        var pyenv = shims is null ? null : Path.Combine(Path.GetDirectoryName(shims)!, "libexec", "pyenv");
        if (Path.GetFileName(shims) != "shims" || pyenv is null || !File.Exists(pyenv)) return onPath;
        var which = Process.Start(new ProcessStartInfo(pyenv, ["which", tool]) { RedirectStandardOutput = true,
            RedirectStandardError = true })!;
        var resolved = which.StandardOutput.ReadToEnd().Trim();
        which.WaitForExit();
        return which.ExitCode == 0 && File.Exists(resolved) ? resolved : onPath;
    }
}
