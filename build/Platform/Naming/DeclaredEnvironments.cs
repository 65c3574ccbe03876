namespace Trinity.Build.Platform.Naming;

/// <summary>The environments the repository declares (platform/environments/&lt;env&gt;.yaml). Workflows offer exactly
/// these as choices, so a typo cannot create an unprotected GitHub environment.</summary>
public static class DeclaredEnvironments
{
    /// <summary>Every declared environment's name, the given default first, then by name.</summary>
    public static IReadOnlyList<string> Read(string repositoryRoot, string defaultEnvironment) =>
    [
        .. EnvironmentDeclaration.Read(repositoryRoot).Select(d => d.Name)
            .OrderBy(env => env == defaultEnvironment ? 0 : 1).ThenBy(env => env, StringComparer.Ordinal),
    ];
}
