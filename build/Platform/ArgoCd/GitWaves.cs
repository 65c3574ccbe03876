using Trinity.Build.Platform.Manifests;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>One object of a cluster's app-of-apps as Git declares it: the AppProject or a child Application, its sync
/// wave, and where its objects come from (a path in this repository, or a chart).</summary>
public sealed record GitWaveMember(string Kind, string Name, int Wave, string Source)
{
    public bool IsProject => Kind == ArgoCdKinds.AppProject.Kind;
}

/// <summary>The waves of one cluster read from the real render of its children's overlay (names.ChildrenOverlay),
/// not from a list kept by hand: what the README's wave diagram and WaitForSync's "not created" both stand on.</summary>
public static class GitWaves
{
    /// <returns>The members, by wave (the AppProject before the Applications of its wave), or the render's problem.</returns>
    public static async Task<(IReadOnlyList<GitWaveMember> Members, string? Problem)> ReadAsync(string root, PlatformNames names,
        CancellationToken ct)
    {
        var rendered = await Rendering.RenderAsync(root, names.ChildrenOverlay, ct);
        if (rendered.Failure is { } failure) return ([], $"{names.ChildrenOverlay}: {failure.Message}");
        return ([.. rendered.Objects.Where(o => Applications.IsApplication(o) || Applications.IsProject(o))
            .Select(o => new GitWaveMember(o.Kind, o.Name, Applications.Wave(o) ?? 0, Source(o)))
            .OrderBy(m => m.Wave).ThenBy(m => m.IsProject ? 0 : 1).ThenBy(m => m.Name, StringComparer.Ordinal)], null);
    }

    /// <summary>"platform/hello", or "chart external-secrets 2.9.0 from https://charts.external-secrets.io"; an AppProject
    /// has no source: the file it is declared in.</summary>
    static string Source(ManifestObject o) => string.Join(" + ", Applications.Sources(o).Select(s =>
        Applications.Text(s, "chart") is { } chart
            ? $"chart {chart} {Applications.Text(s, "targetRevision")} from {Applications.Text(s, "repoURL")}"
            : Applications.Text(s, "path") ?? Applications.Text(s, "repoURL") ?? "?")) is { Length: > 0 } text ? text : o.SourceFile;
}
