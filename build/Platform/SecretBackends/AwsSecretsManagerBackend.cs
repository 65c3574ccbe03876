using Engine;
using Engine.Processes;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>AWS Secrets Manager (docs/secret-backends.md#aws-secrets-manager): a deleted secret is only scheduled for
/// deletion (DeletedDate set) and blocks its name until restored or gone; list-secrets shows it with
/// --include-planned-deletion.</summary>
public sealed class AwsSecretsManagerBackend(string region, string prefix) : ISecretBackend
{
    readonly AwsSecretsManager _cli = new(region);

    public string Location => $"Secrets Manager {region}";

    public string Recovered => "restored";

    public string DeletedRecoverably(int recoveryWindowDays) =>
        $"scheduled for deletion in {recoveryWindowDays} days (restorable until then)";

    public async Task<IReadOnlyList<BackendSecretState>> DescribeAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var listed = await _cli.ListAsync(prefix, ct);
        return [.. names.Select(name =>
        {
            var secret = listed.FirstOrDefault(s => s["Name"]?.GetValue<string>() == name);
            if (secret is null) return new BackendSecretState(name, Found.Absent, "absent");
            return secret["DeletedDate"] is { } deleted
                ? new BackendSecretState(name, Found.Tombstoned, $"scheduled for deletion (since {deleted})")
                : new BackendSecretState(name, Found.Present, "present");
        })];
    }

    public async Task<string> ReadAsync(string name, CancellationToken ct)
    {
        var value = await _cli.ValueAsync(name, ct);
        Secrets.Register(value);
        return value;
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var values = await _cli.ValuesAsync(names, ct);
        foreach (var value in values.Values) Secrets.Register(value);
        return values;
    }

    public Task<ToolResult> CreateAsync(string name, string value, CancellationToken ct) => _cli.CreateAsync(name, value, ct);
    public Task<ToolResult> WriteAsync(string name, string value, CancellationToken ct) => _cli.PutAsync(name, value, ct);
    public Task<ToolResult> RecoverAsync(string name, CancellationToken ct) => _cli.RestoreAsync(name, ct);
    public Task<ToolResult> DeleteAsync(string name, int recoveryWindowDays, CancellationToken ct) => _cli.ScheduleDeletionAsync(name,
        recoveryWindowDays, ct);
    public Task<ToolResult> PurgeAsync(string name, CancellationToken ct) => _cli.ForceDeleteAsync(name, ct);
    public Task<string?> PurgeRefusalAsync(CancellationToken ct) => Task.FromResult<string?>(null);
}
