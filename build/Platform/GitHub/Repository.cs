using System.Text.RegularExpressions;
using Engine;
using Engine.Processes;

namespace Trinity.Build.Platform.GitHub;

/// <summary>owner/name: given, or read from the origin remote (https://github.com/o/n.git, git@github.com:o/n.git).</summary>
public static partial class Repository
{
    [GeneratedRegex(@"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")]
    private static partial Regex OwnerName();

    [GeneratedRegex(@"[:/]([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(\.git)?/?$")]
    private static partial Regex RemoteUrl();

    public static async Task<(string Owner, string Name)> ResolveAsync(string? given, CancellationToken ct)
    {
        if (given is not null)
            return OwnerName().IsMatch(given)
                ? (given.Split('/')[0], given.Split('/')[1])
                : throw new TargetFailedException($"--repository: '{given}' is not owner/name");
        var remote = await Tools.Git.Cli
            .RunAsync(["remote", "get-url", "origin"],
                ToolOptions.Reading, ct);
        var match = RemoteUrl().Match(remote.Output.Trim());
        return remote.Succeeded && match.Success
            ? (match.Groups[1].Value, match.Groups[2].Value)
            : throw new TargetFailedException("cannot tell the GitHub repository: there is no origin remote of the form " +
                "github.com/owner/name; pass --repository owner/name");
    }
}
