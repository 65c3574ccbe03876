using Engine;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>Azure Key Vault (FACTS 4): soft delete is mandatory, a deleted name cannot be reused until recovered or
/// purged, a recover takes a while to finish, and purge protection forbids purging at all.</summary>
public sealed class AzureKeyVaultBackend(string vault, TimeSpan recoveryWait) : ISecretBackend
{
    readonly AzKeyVault _cli = new(vault);

    public string Location => $"Key Vault {vault}";

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

    public Task CreateAsync(string name, string value, CancellationToken ct) => Patiently(name, "set", () => _cli.SetAsync(name, value, ct), ct);
    public Task WriteAsync(string name, string value, CancellationToken ct) => Patiently(name, "set", () => _cli.SetAsync(name, value, ct), ct);

    /// <summary>Key Vault finishes deletes, purges and recoveries in the background and refuses writes and purges
    /// meanwhile ("being deleted", "being recovered"). Such a call is tried again with backoff, within the wait.</summary>
    async Task Patiently(string name, string what, Func<Task> call, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + recoveryWait;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (TargetFailedException) when (DateTimeOffset.UtcNow + delay < deadline)
            {
                Log.Info($"{name}: {what} refused while Key Vault finishes an earlier change; trying again in {delay.TotalSeconds:0.#}s");
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 8000));
            }
        }
    }

    /// <summary>Recover, then wait until the secret can be read again ("is currently being recovered" meanwhile).</summary>
    public async Task RecoverAsync(string name, CancellationToken ct)
    {
        await _cli.RecoverAsync(name, ct);
        var deadline = DateTimeOffset.UtcNow + recoveryWait;
        var delay = TimeSpan.FromMilliseconds(250);
        while ((await _cli.TryShowAsync(name, ct)) is { Succeeded: false })
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw new TargetFailedException($"{name} was recovered but is still not readable after {recoveryWait.TotalSeconds:0}s; run SecretBackendsApply again");
            Log.Info($"{name}: being recovered, waiting");
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
        }
    }

    public Task DeleteAsync(string name, int recoveryWindowDays, CancellationToken ct) => _cli.DeleteAsync(name, ct);
    /// <summary>Only a deleted secret can be purged: delete first when needed, wait until it is listed as deleted
    /// ("is currently being deleted" meanwhile), then purge.</summary>
    public async Task PurgeAsync(string name, CancellationToken ct)
    {
        if (!(await _cli.ListDeletedAsync(ct)).Contains(name))
        {
            await _cli.DeleteAsync(name, ct);
            var deadline = DateTimeOffset.UtcNow + recoveryWait;
            while (!(await _cli.ListDeletedAsync(ct)).Contains(name))
            {
                if (DateTimeOffset.UtcNow > deadline) throw new TargetFailedException($"{name} was deleted but is not listed as deleted after {recoveryWait.TotalSeconds:0}s; purge it later");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
        await Patiently(name, "purge", () => _cli.PurgeAsync(name, ct), ct);
    }

    public async Task<string?> PurgeRefusalAsync(CancellationToken ct) =>
        await _cli.PurgeProtectedAsync(ct) ? $"Key Vault {vault} has purge protection on: its secrets cannot be purged, only deleted (they are purged when the retention ends)" : null;
}
