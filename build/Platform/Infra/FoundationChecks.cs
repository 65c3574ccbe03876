using Engine;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.GitHub;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>The two sides of the bootstrap boundary (docs/bootstrap.md): before Deploy, the foundation must exist; before
/// Bootstrap, the repository its OIDC trust names must be this one.</summary>
public static class FoundationChecks
{
    /// <summary>The foundation's config key of the one repository whose workflows it trusts.</summary>
    public const string RepositoryKey = "trinity:githubRepository";

    /// <summary>`pulumi stack output --json` without secrets: the stack exists and has run (it has outputs).</summary>
    public static async Task<Check> ExistsAsync(InfraStack foundation, Remedies remedies, CancellationToken ct)
    {
        const string name = "foundation stack";
        var bootstrap = $"an administrator runs {remedies.Bootstrap(foundation.Names.Cloud)}";
        var remedy = $"{bootstrap} once for this environment";
        try
        {
            var outputs = await foundation.Pulumi.OutputNamesAsync(ct);
            // A foundation that ran before an identity was added lacks its output: the workflows' sign-in (and the
            // cluster stack's grant to it) would fail later, with less to say.
            var missing = Needed(foundation.Names.Cloud).Where(o => !outputs.Contains(o)).ToList();
            return outputs.Count == 0 ? Check.Fail(name, $"{foundation.DisplayName} exists but has no outputs: it never ran", remedy)
                : missing.Count > 0 ? Check.Fail(name, $"{foundation.DisplayName} lacks {string.Join(", ", missing)}: it ran before this " +
                    "version of the foundation", $"{bootstrap} again")
                : Check.Pass(name, $"{foundation.DisplayName}: {outputs.Count} outputs");
        }
        catch (TargetFailedException e)
        {
            return Check.Fail(name, $"{foundation.DisplayName}: {Tools.Pulumi.ErrorLine(e.Message)}", remedy);
        }
    }

    /// <summary>The outputs each job's sign-in is configured from (ConfigureGitHub), for every role.</summary>
    static IEnumerable<string> Needed(Clouds.Cloud cloud) =>
        cloud.Variables.SelectMany(v => GitHubEnvironments.Roles.Select(v.Output)).Distinct(StringComparer.Ordinal);

    /// <summary>The committed trinity:githubRepository against the origin remote, when there is one: a fork that kept the
    /// original's name would trust someone else's workflows and never its own.</summary>
    public static async Task<Check> RepositoryAsync(InfraStack foundation, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        CancellationToken ct)
    {
        const string name = "GitHub repository";
        if (config.GetValueOrDefault(RepositoryKey)?.Value is not { Length: > 0 } configured)
            return Check.Fail(name, $"{RepositoryKey} is not set", foundation.Pulumi.SetCommand(RepositoryKey, secret: false));
        (string Owner, string Name) origin;
        try
        {
            origin = await Repository.ResolveAsync(null, ct);
        }
        catch (TargetFailedException)
        {
            return Check.Warn(name, $"{configured} (no github.com origin remote to compare with)",
                $"make sure {RepositoryKey} in {foundation.ConfigFile} names the repository the workflows run in");
        }
        var actual = $"{origin.Owner}/{origin.Name}";
        return string.Equals(actual, configured, StringComparison.OrdinalIgnoreCase)
            ? Check.Pass(name, $"{configured}, the origin remote")
            : Check.Fail(name, $"{foundation.ConfigFile} trusts {configured}, but origin is {actual}",
                foundation.Pulumi.SetCommand(RepositoryKey, secret: false).Replace("<value>", actual, StringComparison.Ordinal) +
                    $" and commit {foundation.ConfigFile}");
    }
}
