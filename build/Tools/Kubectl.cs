using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>kubectl, for what needs no cluster: kustomize rendering.</summary>
public static class Kubectl
{
    public static Tool Cli { get; } = new("kubectl");

    /// <summary>kubectl kustomize DIR: the rendered YAML on stdout, or the error on stderr. Not echoed: the caller
    /// reports a failed render as a finding.</summary>
    public static Task<ToolResult> KustomizeAsync(string directory, CancellationToken ct) =>
        Cli.RunAsync(["kustomize", directory],
            new ToolOptions { EchoOutput = false, EchoErrors = false, AllowFailure = true, Quiet = true, ReadOnly = true }, ct);
}
