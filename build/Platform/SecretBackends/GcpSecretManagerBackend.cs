using Engine;
using Engine.Processes;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>GCP Secret Manager (docs/secret-backends.md#gcp-secret-manager): payloads live in versions; "latest" is
/// the newest version whatever its state, so a disabled or destroyed newest version breaks every reader. Delete here
/// is recoverable: every enabled version is disabled; purge deletes the secret.</summary>
public sealed class GcpSecretManagerBackend(string project, string prefix) : ISecretBackend
{
    readonly GcloudSecrets _cli = new(project);

    public string Location => $"Secret Manager {project}";

    public string Recovered => "restored";

    public string DeletedRecoverably(int recoveryWindowDays) => "every version disabled (recoverable)";

    public async Task<IReadOnlyList<BackendSecretState>> DescribeAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var existing = await _cli.ListAsync(prefix, ct);
        var states = new List<BackendSecretState>();
        foreach (var name in names)
        {
            if (!existing.Contains(name))
            {
                states.Add(new BackendSecretState(name, Found.Absent, "absent"));
                continue;
            }
            var versions = await _cli.VersionsAsync(name, ct);
            states.Add(versions is [{ State: "ENABLED" } newest, ..]
                ? new BackendSecretState(name, Found.Present, $"present (version {newest.Version} enabled)")
                : new BackendSecretState(name, Found.NoEnabledVersion,
                    versions.Count == 0 ? "no versions" : $"newest version {versions[0].Version} {versions[0].State}"));
        }
        return states;
    }

    public async Task<string> ReadAsync(string name, CancellationToken ct)
    {
        var newest = (await _cli.VersionsAsync(name, ct))[0];
        var value = await _cli.AccessAsync(name, newest.Version, ct);
        Secrets.Register(value);
        return value;
    }

    public Task<ToolResult> CreateAsync(string name, string value, CancellationToken ct) => _cli.CreateAsync(name, value, ct);
    public Task<ToolResult> WriteAsync(string name, string value, CancellationToken ct) => _cli.AddVersionAsync(name, value, ct);

    // GCP never reports a secret as Tombstoned: disabled versions are NoEnabledVersion, mended with a new version.
    public Task<ToolResult> RecoverAsync(string name, CancellationToken ct) => Task.FromResult(ToolResult.Nothing);

    public async Task<ToolResult> DeleteAsync(string name, int recoveryWindowDays, CancellationToken ct)
    {
        var last = ToolResult.Nothing;
        foreach (var (version, _) in (await _cli.VersionsAsync(name, ct)).Where(v => v.State == "ENABLED"))
            last = await _cli.DisableAsync(name, version, ct);
        return last;
    }

    public Task<ToolResult> PurgeAsync(string name, CancellationToken ct) => _cli.DeleteAsync(name, ct);
    public Task<string?> PurgeRefusalAsync(CancellationToken ct) => Task.FromResult<string?>(null);
}
