using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>The clouds' own CLIs, as GitHub runners have them. Their standard environment (AWS_PROFILE,
/// AWS_ENDPOINT_URL, CLOUDSDK_*, AZURE_*) passes through untouched, so a user points them wherever they like.</summary>
public static class CloudClis
{
    public static Tool Aws { get; } = new("aws");
    public static Tool Gcloud { get; } = new("gcloud");
    public static Tool Az { get; } = new("az");
    public static Tool Node { get; } = new("node");
    public static Tool Kubectl => Tools.Kubectl.Cli;

    /// <summary>Runs a read-only command whose output the caller judges (also in a dry run); a failure is a result,
    /// not an exception.</summary>
    public static Task<ToolResult> AskAsync(Tool tool, IEnumerable<string> args, CancellationToken ct) =>
        tool.RunAsync(args, new ToolOptions { EchoOutput = false, EchoErrors = false, AllowFailure = true, ReadOnly = true }, ct);
}
