namespace Trinity.Build.Platform.GitHub;

/// <summary>What a workflow job does to a cluster, and so which GitHub environment it runs in and which of the
/// foundation's identities it signs in as: each identity trusts exactly one environment's OIDC subject,
/// `repo:&lt;owner&gt;/&lt;repo&gt;:environment:&lt;name&gt;` (docs/github.md).</summary>
public enum JobRole
{
    /// <summary>Deploy: runs the cluster stack, waits for Argo CD. Environment `&lt;env&gt;-&lt;cloud&gt;`.</summary>
    Deploy,

    /// <summary>The secret-backend lifecycle. Environment `secrets-&lt;env&gt;-&lt;cloud&gt;`.</summary>
    Secrets,

    /// <summary>The daily smoke check, read-only. Environment `validate-&lt;env&gt;-&lt;cloud&gt;`, no reviewers.</summary>
    Validate,
}

/// <summary>The GitHub environment names, in the one spelling infra/pulumi/shared/naming.ts also uses (deployEnvironment,
/// secretsEnvironment, validateEnvironment). The parts may be workflow expressions (`${{ matrix.cloud }}`).</summary>
public static class GitHubEnvironments
{
    public static IReadOnlyList<JobRole> Roles { get; } = Enum.GetValues<JobRole>();

    public static string Name(JobRole role, string environment, string cloud) => role switch
    {
        JobRole.Deploy => $"{environment}-{cloud}",
        JobRole.Secrets => $"secrets-{environment}-{cloud}",
        JobRole.Validate => $"validate-{environment}-{cloud}",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Jobs that change a cluster or its secrets may wait for a reviewer; the read-only check never does.</summary>
    public static bool MayHaveReviewers(JobRole role) => role != JobRole.Validate;
}

/// <summary>A variable a cloud's workflow steps read (`${{ vars.NAME }}`), set per GitHub environment by ConfigureGitHub from
/// the foundation stack's output that <see cref="Output"/> names for the job's role.</summary>
public sealed record GitHubVariable(string Name, Func<JobRole, string> Output)
{
    /// <summary>The same foundation output for every role (a region, a tenant).</summary>
    public GitHubVariable(string name, string output) : this(name, _ => output)
    {
    }

    /// <summary>The bare expression, for use inside a larger one.</summary>
    public string Reference => $"vars.{Name}";

    public string Expression => $"${{{{ {Reference} }}}}";
}
