using Engine;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.GitHub;
using Trinity.Build.Platform.SecretBackends;

namespace Trinity.Build;

// The secret backend lifecycle: explicit and guarded, apart from Deploy (which never calls it). Backends have a
// lifecycle of their own — AWS secrets scheduled for deletion, Key Vault soft delete and reserved names, GCP secrets
// without an enabled version — and a routine deploy must not stumble over it.
public sealed partial class Build
{
    [Parameter("SecretBackendsDelete, Destroy: the exact name trinity-<environment>-<cloud> of the cluster whose backend secrets " +
        "to delete, or which to destroy.")]
    public string Confirm { get; set; } = "";

    [Parameter("SecretBackendsDelete: remove permanently (AWS force delete, Azure purge, GCP delete) instead of recoverably.")]
    public bool Purge { get; set; }

    [Parameter("SecretBackendsDelete --purge: the cluster name again, trinity-<environment>-<cloud>.")]
    public string ConfirmPurge { get; set; } = "";

    [Parameter("AWS: days a deleted secret stays restorable (7-30).")]
    public int RecoveryWindow { get; set; } = 30;

    [Parameter("Azure: the Key Vault to use instead of the stack's keyVaultName output.")]
    public string KeyVault { get; set; } = "";

    Target SecretBackendsApply => _ => _
        .Description("Writes the catalog secrets of each cloud from the stack's config: creates, restores, recovers, updates only what " +
            "differs. Never purges.")
        .Requires(() => Clouds)
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            var stack = Stack(cloud);
            var config = await stack.Pulumi.ConfigAsync(showSecrets: true, ct);
            var desired = CatalogValues.From(stack, config);
            var backend = await cloud.BackendAsync(stack, config, Blank(KeyVault), Remedies, ct);
            await ReportAsync(cloud, $"{backend.Location}: apply", () => SecretBackendLifecycle.ApplyAsync(backend, desired, ct));
        });

    Target SecretBackendsDelete => _ => _
        .Description("Deletes one cloud's catalog secrets, recoverably (AWS scheduled deletion, Azure soft delete, GCP versions " +
            "disabled); --purge removes them.")
        .Requires(() => Clouds)
        .Requires(() => Clouds.Length == 1, () => "deletes one cloud's backend at a time: pass exactly one --cloud")
        .Requires(() => Clouds.Length != 1 || Confirm == Names(Clouds[0]).Cluster,
            () => $"refusing without --confirm {ClusterOrPattern} (nothing was deleted)")
        .Requires(() => RecoveryWindow is >= 7 and <= 30, () => $"--recovery-window: {RecoveryWindow} is not between 7 and 30 days")
        .Requires(() => !Purge || Clouds.Length != 1 || ConfirmPurge == Names(Clouds[0]).Cluster,
            () => $"--purge is permanent: refusing without --confirm-purge {ClusterOrPattern} as well (nothing was deleted)")
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            var stack = Stack(cloud);
            var config = await stack.Pulumi.ConfigAsync(showSecrets: false, ct);
            var backend = await cloud.BackendAsync(stack, config, Blank(KeyVault), Remedies, ct);
            if (Purge && await backend.PurgeRefusalAsync(ct) is { } refusal) throw new TargetFailedException($"{refusal} (nothing was " +
                $"deleted)");
            var states = await backend.DescribeAsync([.. stack.Names.BackendSecrets.Select(s => s.Name)], ct);
            var doing = Purge ? "permanently removing" : "deleting (recoverably)";
            var present = states.Where(s => s.Found != Found.Absent).Select(s => s.Name);
            Log.Warning($"{doing} from {backend.Location}: {string.Join(", ", present)}");
            await ReportAsync(cloud, $"{backend.Location}: {(Purge ? "purge" : "delete")}", () => Purge
                ? SecretBackendLifecycle.PurgeAsync(backend, states, ct)
                : SecretBackendLifecycle.DeleteAsync(backend, states, RecoveryWindow, ct));
        });

    string ClusterOrPattern => Clouds.Length == 1 ? Names(Clouds[0]).Cluster : "trinity-<environment>-<cloud>";

    public enum BackendAction { Apply, Delete }

    [Parameter("DispatchSecretBackends: apply or delete.", Name = "action")]
    public BackendAction Action { get; set; } = BackendAction.Apply;

    [Parameter("GitHub repository owner/name (default: from the origin remote).")]
    public string Repository { get; set; } = "";

    [Parameter("Branch or tag the dispatched workflow runs on (main, refs/heads/main, a tag, or the full SHA of a branch head).")]
    public string GitRef { get; set; } = RepositorySetup.Branch;

    [Parameter("GitHub token with actions:write on the repository.", Name = "github-token", EnvironmentVariable = "GITHUB_TOKEN"), Secret]
    public string GitHubToken { get; set; } = "";

    [Parameter("GitHub API URL (GitHub Enterprise Server: https://HOST/api/v3).", Name = "github-api-url")]
    public string GitHubApiUrl { get; set; } = "https://api.github.com/";

    [Parameter("How often to ask GitHub for the dispatched run's status.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Parameter("How long to follow the dispatched run.")]
    public TimeSpan DispatchTimeout { get; set; } = TimeSpan.FromMinutes(30);

    Target DispatchSecretBackends => _ => _
        .Description("Runs the secret-backends workflow on GitHub for one --cloud and --action, follows it, and exits with its conclusion.")
        .Requires(() => Clouds)
        .Requires(() => GitHubToken)
        .Requires(() => Clouds.Length == 1, () => "dispatches for one cloud: pass exactly one --cloud")
        .Requires(() => Action != BackendAction.Delete || Clouds.Length != 1 || Confirm == Names(Clouds[0]).Cluster,
            () => $"refusing to dispatch delete without --confirm {ClusterOrPattern} (nothing was dispatched)")
        .Executes(async ct =>
        {
            var (owner, name) = await Platform.GitHub.Repository.ResolveAsync(Blank(Repository), ct);
            var inputs = new Dictionary<string, string>
            {
                ["cloud"] = Clouds[0].Name,
                ["action"] = Action.ToString().ToLowerInvariant(),
                ["confirm"] = Confirm,
                ["environment"] = EnvironmentName,
            };
            var dispatch = new WorkflowDispatch(GitHubApi.Connect(GitHubApiUrl, GitHubToken), owner, name, PollInterval, DispatchTimeout);
            var run = await GitHubApi.CallAsync(() => dispatch.RunAsync("secret-backends.yml", GitRef, inputs, ct), GitHubApiUrl, ct);
            Summary.Note($"run {run.RunNumber}: {run.Conclusion?.StringValue}");
            if (run.Conclusion?.Value != Octokit.WorkflowRunConclusion.Success)
                throw new TargetFailedException($"run {run.RunNumber} concluded {run.Conclusion?.StringValue}: {run.HtmlUrl}");
            Log.Success($"run {run.RunNumber} succeeded: {run.HtmlUrl}");
        })
        .DryRun(() => $"dispatch secret-backends.yml on {GitRef} in {Blank(Repository) ?? "the origin remote's repository"} " +
                      $"({Action.ToString().ToLowerInvariant()} {Clouds[0].Name}) and follow the run");

    /// <summary>The result table, also as .nuke/temp/secret-backends/&lt;cloud&gt;.json — published whether the run
    /// finished or stopped halfway.</summary>
    static async Task ReportAsync(Cloud cloud, string title, Func<Task<IReadOnlyList<BackendOutcome>>> run)
    {
        IReadOnlyList<BackendOutcome> rows;
        string? failure = null;
        try
        {
            rows = await run();
        }
        catch (SecretBackendException e)
        {
            (rows, failure) = (e.Rows, e.Message);
        }
        new BackendReport(cloud.Name, title, rows, failure).Publish();
    }
}
