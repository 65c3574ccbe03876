using Engine;
using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>git, read-only, in the repository the build runs from: what a revision resolves to and what changed
/// between two.</summary>
public static class Git
{
    public static Tool Cli { get; } = new("git");


    /// <summary>The commit a revision (a branch, a tag, a SHA) names here, or null when this clone does not know it.</summary>
    public static async Task<string?> CommitAsync(string revision, CancellationToken ct)
    {
        foreach (var candidate in new[] { revision, $"origin/{revision}" })
        {
            var result = await RunAsync(["rev-parse", "--verify", "--quiet", $"{candidate}^{{commit}}"], ct);
            if (result.Succeeded && result.Output.Trim() is { Length: > 0 } sha) return sha;
        }
        return null;
    }

    /// <summary>git log --oneline and git diff --stat from one commit to another, under a folder.</summary>
    public static async Task<(IReadOnlyList<string> Commits, IReadOnlyList<string> Files)> ChangesAsync(string from, string to,
        string folder, CancellationToken ct)
    {
        var log = await RunAsync(["log", "--oneline", "--no-decorate", $"{from}..{to}", "--", folder], ct);
        var stat = await RunAsync(["diff", "--stat=120", $"{from}", $"{to}", "--", folder], ct);
        return (Lines(log.Output), Lines(stat.Output));
    }

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static Task<ToolResult> RunAsync(string[] args, CancellationToken ct) =>
        Cli.RunAsync(args, ToolOptions.Reading with { WorkingDirectory = Session.Current.Root }, ct);
}
