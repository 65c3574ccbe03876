using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>node, for a script of an npm workspace that only reads: fed its input on stdin, its answer on stdout.</summary>
public static class Node
{
    public static Tool Cli { get; } = new("node");

    /// <summary>Runs in a dry run too (it changes nothing); a failure is returned, for the caller to report in its words.</summary>
    public static Task<ToolResult> ReadAsync(NpmWorkspace workspace, string script, string input, CancellationToken ct) =>
        Cli.RunAsync([script], ToolOptions.Reading with { WorkingDirectory = workspace.Folder, StandardInput = input }, ct);
}
