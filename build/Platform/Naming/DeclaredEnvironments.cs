using Trinity.Build.Platform.Clouds;

namespace Trinity.Build.Platform.Naming;

/// <summary>The environments the repository defines: one root Application folder per cluster,
/// platform/argocd/roots/&lt;env&gt;-&lt;cloud&gt;. Workflows offer exactly these as choices, so a typo cannot
/// create an unprotected GitHub environment; ConfigureGitHub sets up exactly these.</summary>
public static class DeclaredEnvironments
{
    public const string RootsFolder = "platform/argocd/roots";

    /// <summary>Every environment with a root for at least one cloud, the given default first, then by name.</summary>
    public static IReadOnlyList<string> Read(string repositoryRoot, string defaultEnvironment)
    {
        var folder = Path.Combine(repositoryRoot, RootsFolder);
        if (!Directory.Exists(folder)) return [];
        return
        [
            .. Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()
                .SelectMany(name => Cloud.All.Where(c => name.EndsWith($"-{c.Name}", StringComparison.Ordinal))
                    .Select(c => name[..^(c.Name.Length + 1)]))
                .Where(env => env.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(env => env == defaultEnvironment ? 0 : 1).ThenBy(env => env, StringComparer.Ordinal),
        ];
    }
}
