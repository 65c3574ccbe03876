using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>kubectl, for what needs no cluster: kustomize rendering, and its own version.</summary>
public static partial class Kubectl
{
    public static Tool Cli { get; } = new("kubectl");

    /// <summary>kubectl kustomize DIR: the rendered YAML on stdout, or the error on stderr. Not echoed: the caller
    /// reports a failed render as a finding.</summary>
    public static Task<ToolResult> KustomizeAsync(string directory, CancellationToken ct) =>
        Cli.RunAsync(["kustomize", directory],
            ToolOptions.Reading, ct);

    [GeneratedRegex(@"^v1\.(\d+)\.")]
    private static partial Regex GitVersion();

    /// <summary>The minor of kubectl's client version (`kubectl version --client -o json`, clientVersion.gitVersion
    /// v1.&lt;minor&gt;.&lt;patch&gt;), or null when kubectl does not answer with one.</summary>
    public static async Task<int?> ClientMinorAsync(CancellationToken ct)
    {
        var result = await Cli.RunAsync(["version", "--client", "-o", "json"],
            ToolOptions.Reading, ct);
        if (!result.Succeeded) return null;
        try
        {
            var gitVersion = JsonNode.Parse(result.Output)?["clientVersion"]?["gitVersion"]?.GetValue<string>() ?? "";
            return GitVersion().Match(gitVersion) is { Success: true } m
                ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
