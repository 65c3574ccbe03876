using Engine.Processes;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>What a backend secret is found as. The lifecycle decides from this state, never from error texts.</summary>
public enum Found
{
    Absent,
    Present,
    /// <summary>AWS: scheduled for deletion (DeletedDate set); Azure: soft-deleted, recoverable.</summary>
    Tombstoned,
    /// <summary>GCP: the newest version is DISABLED or DESTROYED ("latest" then fails), or there is none.</summary>
    NoEnabledVersion,
}

public sealed record BackendSecretState(string Name, Found Found, string Detail);

/// <summary>One cloud's secret backend, behind the operations the lifecycle needs (docs/secret-backends.md). Values
/// pass through stdin, never a command line, and are registered with the masker before any call. A change returns
/// the result of the command that made it: planned, not run, in a dry run.</summary>
public interface ISecretBackend
{
    /// <summary>Where the secrets live, for the tables: "Secrets Manager us-east-1", "Key Vault trinity-dev-x7k2".</summary>
    string Location { get; }

    /// <summary>How this backend names undoing a recoverable delete: restored (AWS), recovered (Azure).</summary>
    string Recovered { get; }

    /// <summary>How this backend names its recoverable delete, with the window it keeps the secret for.</summary>
    string DeletedRecoverably(int recoveryWindowDays);

    Task<IReadOnlyList<BackendSecretState>> DescribeAsync(IReadOnlyList<string> names, CancellationToken ct);

    /// <summary>The current value of a Present secret, to compare digests.</summary>
    Task<string> ReadAsync(string name, CancellationToken ct);

    /// <summary>The current values of several Present secrets, in as few calls as the backend allows.</summary>
    async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names) values[name] = await ReadAsync(name, ct);
        return values;
    }

    Task<ToolResult> CreateAsync(string name, string value, CancellationToken ct);

    /// <summary>A new current value (AWS put-secret-value, GCP versions add, Azure set).</summary>
    Task<ToolResult> WriteAsync(string name, string value, CancellationToken ct);

    /// <summary>Undo a recoverable delete (AWS restore, Azure recover — waiting until the secret is usable again).</summary>
    Task<ToolResult> RecoverAsync(string name, CancellationToken ct);

    /// <summary>The recoverable delete: AWS scheduled deletion, Azure soft delete, GCP every version disabled.</summary>
    Task<ToolResult> DeleteAsync(string name, int recoveryWindowDays, CancellationToken ct);

    /// <summary>Permanent removal: AWS force delete, Azure purge, GCP delete secret.</summary>
    Task<ToolResult> PurgeAsync(string name, CancellationToken ct);

    /// <summary>Why purge is refused here, or null (Azure: purge protection).</summary>
    Task<string?> PurgeRefusalAsync(CancellationToken ct);
}
