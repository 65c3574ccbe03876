using Engine;
using Engine.Processes;
using Trinity.Build.Platform.Resilience;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>Azure Key Vault (docs/secret-backends.md#azure-key-vault): soft delete is mandatory, a deleted name cannot
/// be reused until recovered or purged, deletes, purges and recoveries finish in the background (Key Vault answers
/// "currently being …" meanwhile), and purge protection forbids purging at all.</summary>
public sealed class AzureKeyVaultBackend(string vault, TimeSpan settleWait) : ISecretBackend
{
    readonly AzKeyVault _cli = new(vault);

    public string Location => $"Key Vault {vault}";

    public string Recovered => "recovered";

    public string DeletedRecoverably(int recoveryWindowDays) => "soft-deleted (recoverable)";

    public async Task<IReadOnlyList<BackendSecretState>> DescribeAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var live = await _cli.ListAsync(ct);
        var deleted = await _cli.ListDeletedAsync(ct);
        return [.. names.Select(name =>
            live.Contains(name) ? new BackendSecretState(name, Found.Present, "present")
            : deleted.Contains(name) ? new BackendSecretState(name, Found.Tombstoned, "soft-deleted (recoverable)")
            : new BackendSecretState(name, Found.Absent, "absent"))];
    }

    public async Task<string> ReadAsync(string name, CancellationToken ct)
    {
        var value = await _cli.ValueAsync(name, ct);
        Secrets.Register(value);
        return value;
    }

    public Task<ToolResult> CreateAsync(string name, string value, CancellationToken ct) => SettledAsync(name, "set",
        token => _cli.SetAsync(name, value, token), ct);

    public Task<ToolResult> WriteAsync(string name, string value, CancellationToken ct) => SettledAsync(name, "set",
        token => _cli.SetAsync(name, value, token), ct);

    /// <summary>Recover, then wait until the secret can be read again (it is "being recovered" meanwhile).</summary>
    public async Task<ToolResult> RecoverAsync(string name, CancellationToken ct)
    {
        var recover = await _cli.RecoverAsync(name, ct);
        if (recover.IsPlanned) return recover;
        if (!await Retries.UntilAsync(async token => (await _cli.TryShowAsync(name, token)).Succeeded, settleWait, ct))
            throw new TargetFailedException($"{name} was recovered but is still not readable after {settleWait.TotalSeconds:0}s; apply " +
                $"again to converge");
        return recover;
    }

    public Task<ToolResult> DeleteAsync(string name, int recoveryWindowDays, CancellationToken ct) => _cli.DeleteAsync(name, ct);

    /// <summary>Only a deleted secret can be purged: delete first when needed, wait until it is listed as deleted,
    /// then purge (refused as "being deleted" for a while after the delete).</summary>
    public async Task<ToolResult> PurgeAsync(string name, CancellationToken ct)
    {
        if (!(await _cli.ListDeletedAsync(ct)).Contains(name))
        {
            var delete = await _cli.DeleteAsync(name, ct);
            if (delete.IsPlanned) return delete;
            if (!await Retries.UntilAsync(async token => (await _cli.ListDeletedAsync(token)).Contains(name), settleWait, ct))
                throw new TargetFailedException($"{name} was deleted but is not listed as deleted after " +
                    $"{settleWait.TotalSeconds:0}s; purge it later");
        }
        return await SettledAsync(name, "purge", token => _cli.PurgeAsync(name, token), ct);
    }

    public async Task<string?> PurgeRefusalAsync(CancellationToken ct) =>
        await _cli.PurgeProtectedAsync(ct)
            ? $"Key Vault {vault} has purge protection on: its secrets cannot be purged, only deleted (they are purged when the " +
                $"retention ends)" : null;

    /// <summary>A write or purge while Key Vault finishes an earlier change is refused as "currently being …": tried
    /// again through the Key Vault retry within the wait; any other refusal fails at once.</summary>
    Task<ToolResult> SettledAsync(string name, string what, Func<CancellationToken, Task<ToolResult>> call, CancellationToken ct) =>
        Retries.KeyVault(settleWait,
            delay => Log.Info($"{name}: {what} refused while Key Vault finishes an earlier change; trying again in " +
                $"{delay.TotalSeconds:0.#}s"))
            .ExecuteAsync(async token => await call(token), ct).AsTask();
}
