using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>npm and the packages a workspace installs (mocha, tsc), always run from the workspace folder.</summary>
public static class Npm
{
    public static Tool Cli { get; } = new("npm");

    public static Task<ToolResult> CleanInstallAsync(string workspace, CancellationToken ct) =>
        Cli.RunAsync(["ci", "--no-audit", "--no-fund"], new ToolOptions { WorkingDirectory = workspace }, ct);

    public static Task<ToolResult> RunScriptAsync(string workspace, string script, CancellationToken ct) =>
        Cli.RunAsync(["run", script, "--silent"], new ToolOptions { WorkingDirectory = workspace, AllowFailure = true }, ct);

    /// <summary>A package binary of the workspace (node_modules/.bin), run with node so no shell is involved.</summary>
    public static Task<ToolResult> ExecAsync(string workspace, string binary, IEnumerable<string> args, CancellationToken ct) =>
        Cli.RunAsync(["exec", "--no", "--", binary, .. args], new ToolOptions { WorkingDirectory = workspace, AllowFailure = true }, ct);
}
