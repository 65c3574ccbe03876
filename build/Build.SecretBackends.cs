using Engine;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.SecretBackends;

namespace Trinity.Build;

// The secret backend lifecycle: explicit and guarded, apart from Deploy (which never calls it). Backends have a
// lifecycle of their own — AWS secrets scheduled for deletion, Key Vault soft delete and reserved names, GCP secrets
// without an enabled version — and a routine deploy must not stumble over it.
public sealed partial class Build
{
    [Parameter("SecretBackendsDelete: the exact name trinity-<environment>-<cloud> of the cluster whose backend secrets to delete.")]
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
        .Description("Writes the catalog secrets of each cloud from the stack's config: creates, restores, recovers, updates only what differs. Never purges.")
        .Requires(() => Clouds)
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            var stack = new InfraStack(Names(cloud));
            var config = await stack.Pulumi.ConfigAsync(showSecrets: true, ct);
            var desired = BackendConfiguration.Values(stack, config);
            var backend = await BackendConfiguration.BackendAsync(stack, config, Blank(KeyVault), ct);
            await Report($"{backend.Location}: apply", () => SecretBackendLifecycle.ApplyAsync(backend, desired, ct));
        });

    Target SecretBackendsDelete => _ => _
        .Description("Deletes one cloud's catalog secrets, recoverably (AWS scheduled deletion, Azure soft delete, GCP versions disabled); --purge removes them.")
        .Requires(() => Clouds)
        .Requires(() => Clouds.Length == 1, () => "deletes one cloud's backend at a time: pass exactly one --cloud")
        .Requires(() => Clouds.Length != 1 || Confirm == Names(Clouds[0]).Cluster,
            () => $"refusing without --confirm {(Clouds.Length == 1 ? Names(Clouds[0]).Cluster : "trinity-<environment>-<cloud>")} (nothing was deleted)")
        .Requires(() => RecoveryWindow is >= 7 and <= 30, () => $"--recovery-window: {RecoveryWindow} is not between 7 and 30 days")
        .Requires(() => !Purge || Clouds.Length != 1 || ConfirmPurge == Names(Clouds[0]).Cluster,
            () => $"--purge is permanent: refusing without --confirm-purge {(Clouds.Length == 1 ? Names(Clouds[0]).Cluster : "trinity-<environment>-<cloud>")} as well (nothing was deleted)")
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            var stack = new InfraStack(Names(cloud));
            var config = await stack.Pulumi.ConfigAsync(showSecrets: false, ct);
            var backend = await BackendConfiguration.BackendAsync(stack, config, Blank(KeyVault), ct);
            if (Purge && await backend.PurgeRefusalAsync(ct) is { } refusal) throw new TargetFailedException($"{refusal} (nothing was deleted)");
            var states = await SecretBackendLifecycle.DescribeAsync(backend, [.. stack.Names.BackendSecrets.Select(s => s.Name)], ct);
            Log.Warning($"{(Purge ? "permanently removing" : "deleting (recoverably)")} from {backend.Location}: {string.Join(", ", states.Where(s => s.Found != Found.Absent).Select(s => s.Name))}");
            await Report($"{backend.Location}: {(Purge ? "purge" : "delete")}", () => Purge
                ? SecretBackendLifecycle.PurgeAsync(backend, states, ct)
                : SecretBackendLifecycle.DeleteAsync(backend, states, RecoveryWindow, ct));
        });

    static async Task Report(string title, Func<Task<IReadOnlyList<BackendRow>>> run)
    {
        try
        {
            var rows = await run();
            if (IsDryRun) return;
            SecretBackendLifecycle.Print(title, rows);
            var changed = rows.Count(r => r.Action != "unchanged" && !r.Action.StartsWith("absent", StringComparison.Ordinal));
            Summary.Note(changed == 0 ? "nothing changed" : $"{changed} changed");
        }
        catch (SecretBackendException e)
        {
            SecretBackendLifecycle.Print(title, e.Rows);
            throw;
        }
    }
}
