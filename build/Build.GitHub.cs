using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.GitHub;
using Trinity.Build.Platform.Infra;

namespace Trinity.Build;

// The GitHub side of the bootstrap boundary (docs/github.md): the environments whose OIDC subjects the foundation's
// identities trust, and the variables the generated workflows read, from the foundation stacks' outputs.
public sealed partial class Build
{
    [Parameter("ConfigureGitHub: required reviewers of the secrets-<environment>-<cloud> environments, as user logins or org/team " +
        "slugs (default: leave them as they are).")]
    public string[] SecretsReviewers { get; set; } = [];

    /// <summary>Repository variables the workflows read, each set from the parameter of the same meaning when given.</summary>
    static readonly (string Variable, string Parameter)[] RepositoryVariables =
        [("GRAFANA_CLOUD_QUERY_URL", "grafana-cloud-query-url"), ("GRAFANA_CLOUD_USER", "grafana-cloud-user")];

    /// <summary>Secrets the workflows read; ConfigureGitHub never writes one and names them at the end.</summary>
    static readonly string[] WorkflowSecrets = [PulumiAccessToken, GrafanaCloudReadTokenSecret];

    const string PulumiAccessToken = "PULUMI_ACCESS_TOKEN";
    const string GrafanaCloudReadTokenSecret = "GRAFANA_CLOUD_READ_TOKEN";

    Target ConfigureGitHub => _ => _
        .Description("Creates or updates the GitHub environments of each --cloud (<environment>-<cloud>, secrets-…, validate-…; " +
            $"deployments from {RepositorySetup.Branch} only) and the variables the workflows read, from the foundation's outputs. " +
            "Writes no secret.")
        .Requires(() => Clouds)
        .Requires(() => GitHubToken)
        .Executes(async ct =>
        {
            var (owner, name) = await Platform.GitHub.Repository.ResolveAsync(Blank(Repository), ct);
            var setup = new RepositorySetup(new GitHubRest(GitHubApi.Connect(GitHubApiUrl, GitHubToken)), owner, name);
            // Everything is read and resolved before the first write: a missing output or an unknown reviewer changes nothing.
            var environments = new List<DesiredEnvironment>();
            foreach (var cloud in Clouds)
                environments.AddRange(await DesiredEnvironmentsAsync(cloud, $"{owner}/{name}", ct));
            var reviewers = await GitHubApi.CallAsync(() => setup.ResolveReviewersAsync(SecretsReviewers, ct), GitHubApiUrl, ct);
            environments = [.. environments.Select(e => e with { Reviewers = ReviewersOf(e.Name, reviewers) ?? e.Reviewers })];
            var given = Engine.Workflows.BuildCommands.InForce([.. RepositoryVariables.Select(v => v.Parameter)]).ToDictionary();
            var repositoryVariables = RepositoryVariables.Where(v => given.ContainsKey(v.Parameter))
                .ToDictionary(v => v.Variable, v => given[v.Parameter]);
            var rows = await GitHubApi.CallAsync(() => setup.ApplyAsync(environments, repositoryVariables, ct), GitHubApiUrl, ct);
            new SetupReport($"{owner}/{name}", rows).Publish();
            Log.Info($"secrets are never written here; the workflows read {string.Join(" and ", WorkflowSecrets)}, which you set " +
                "for the repository (or per environment with --env <name>):");
            foreach (var secret in WorkflowSecrets) Log.Info($"    gh secret set {secret} --repo {owner}/{name}");
        });

    /// <summary>The three environments of one cloud and their variables, each from the foundation output the cloud names
    /// for the job's role. The foundation must trust this repository: otherwise the subjects set up here match nothing.</summary>
    async Task<IEnumerable<DesiredEnvironment>> DesiredEnvironmentsAsync(Cloud cloud, string repository, CancellationToken ct)
    {
        var foundation = Foundation(cloud);
        var bootstrap = $"an administrator runs {Remedies.Bootstrap(cloud)}";
        JsonObject outputs;
        try
        {
            outputs = await foundation.Pulumi.PlainOutputsAsync(ct);
        }
        catch (TargetFailedException e)
        {
            throw new TargetFailedException($"{foundation.DisplayName} cannot be read ({Tools.Pulumi.ErrorLine(e.Message)}); " +
                $"if it never ran, {bootstrap}");
        }
        string Output(string key) => outputs[key]?.ToString() is { Length: > 0 } value && value != "[secret]" ? value
            : throw new TargetFailedException($"{foundation.DisplayName} has no output {key}; {bootstrap}");
        var trusted = Output("githubRepository");
        if (!string.Equals(trusted, repository, StringComparison.OrdinalIgnoreCase))
            throw new TargetFailedException($"{foundation.DisplayName} trusts {trusted}, not {repository}: set " +
                $"{FoundationChecks.RepositoryKey} in {foundation.ConfigFile} and {bootstrap}, or pass --repository {trusted}");
        return GitHubEnvironments.Roles.Select(role => new DesiredEnvironment(
            GitHubEnvironments.Name(role, EnvironmentName, cloud.Name),
            cloud.Variables.ToDictionary(v => v.Name, v => Output(v.Output(role))),
            GitHubEnvironments.MayHaveReviewers(role) ? null : []));
    }

    /// <summary>--secrets-reviewers for the secrets environments; null elsewhere (reviewers stay as they are).</summary>
    IReadOnlyList<Reviewer>? ReviewersOf(string environment, IReadOnlyList<Reviewer> reviewers) =>
        SecretsReviewers.Length > 0 && Clouds.Any(c => GitHubEnvironments.Name(JobRole.Secrets, EnvironmentName, c.Name) == environment)
            ? reviewers : null;
}
