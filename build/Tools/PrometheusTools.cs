using System.Text.RegularExpressions;
using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>The local Prometheus tools Verify and the tests use as real peers (README: Prerequisites): promtool
/// checks a rendered config, busybox runs the render script under the same shell the init container has.</summary>
public static partial class PrometheusTools
{
    public static Tool Promtool { get; } = new("promtool");
    public static Tool Busybox { get; } = new("busybox");


    [GeneratedRegex(@"version (\d+\.\d+\.\d+)")]
    private static partial Regex VersionText();

    /// <summary>The tools of the list that are not on PATH.</summary>
    public static IReadOnlyList<string> Missing(params Tool[] tools) =>
        [.. tools.Where(t => !t.IsInstalled).Select(t => t.Executable)];

    /// <summary>promtool's version (2.42.0 for "promtool, version 2.42.0+ds …"), or null when it does not say.</summary>
    public static async Task<Version?> PromtoolVersionAsync(CancellationToken ct)
    {
        var result = await Promtool.RunAsync(["--version"], ToolOptions.Reading, ct);
        var match = VersionText().Match(result.Output + result.Error);
        return match.Success ? Version.Parse(match.Groups[1].Value) : null;
    }

    /// <summary>promtool check config FILE; its verdict is the exit code, its reasons on stdout and stderr.</summary>
    public static Task<ToolResult> CheckConfigAsync(string file, CancellationToken ct) =>
        Promtool.RunAsync(["check", "config", file], ToolOptions.Reading, ct);

    /// <summary>busybox sh SCRIPT ARGS with the given variables: reads and writes only the files they name.</summary>
    public static Task<ToolResult> ShellAsync(string script, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment, CancellationToken ct) =>
        Busybox.RunAsync(["sh", script, .. arguments], ToolOptions.Reading with { Environment = environment }, ct);
}
