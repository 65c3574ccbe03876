using System.Security.Cryptography;
using System.Text;
using Engine;
using Spectre.Console;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>One row of the result table: the backend secret, the state it was found in, what was done.</summary>
public sealed record BackendRow(string Name, string Found, string Action);

/// <summary>The guarded lifecycle over any backend. Apply creates, restores or recovers, and writes a value only when
/// it differs (digests compared) — never purges; a second run changes nothing. Delete is recoverable everywhere;
/// purge is separate. Entries run one by one; on a failure the table still says what was done and what was not.</summary>
public static class SecretBackendLifecycle
{
    public static async Task<IReadOnlyList<BackendRow>> ApplyAsync(ISecretBackend backend, IReadOnlyList<(string Name, string Value)> desired, CancellationToken ct)
    {
        var states = await backend.DescribeAsync([.. desired.Select(d => d.Name)], ct);
        // The values of every present secret in one go, read when the first of them is compared.
        var present = new Lazy<Task<IReadOnlyDictionary<string, string>>>(() =>
            backend.ReadAllAsync([.. states.Where(s => s.Found == Found.Present).Select(s => s.Name)], ct));
        return await EachAsync(states, async state =>
        {
            var value = desired.First(d => d.Name == state.Name).Value;
            switch (state.Found)
            {
                case Found.Absent:
                    await backend.CreateAsync(state.Name, value, ct);
                    return "created";
                case Found.NoEnabledVersion:
                    await backend.WriteAsync(state.Name, value, ct);
                    return "new enabled version added";
                case Found.Tombstoned:
                    await backend.RecoverAsync(state.Name, ct);
                    var recovered = backend is AzureKeyVaultBackend ? "recovered" : "restored";
                    return await WriteIfChangedAsync(backend, state.Name, await backend.ReadAsync(state.Name, ct), value, ct) ? $"{recovered}, value updated" : $"{recovered}, value unchanged";
                default:
                    return await WriteIfChangedAsync(backend, state.Name, (await present.Value)[state.Name], value, ct) ? "updated" : "unchanged";
            }
        });
    }

    public static Task<IReadOnlyList<BackendRow>> DeleteAsync(ISecretBackend backend, IReadOnlyList<BackendSecretState> states, int recoveryWindowDays, CancellationToken ct) =>
        EachAsync(states, async state =>
        {
            switch (state.Found)
            {
                case Found.Absent: return "absent: nothing to delete";
                case Found.Tombstoned: return "already deleted (recoverable)";
                default:
                    await backend.DeleteAsync(state.Name, recoveryWindowDays, ct);
                    return backend switch
                    {
                        AwsSecretsManagerBackend => $"scheduled for deletion in {recoveryWindowDays} days (restorable until then)",
                        AzureKeyVaultBackend => "soft-deleted (recoverable)",
                        _ => "every version disabled (recoverable)",
                    };
            }
        });

    public static Task<IReadOnlyList<BackendRow>> PurgeAsync(ISecretBackend backend, IReadOnlyList<BackendSecretState> states, CancellationToken ct) =>
        EachAsync(states, async state =>
        {
            if (state.Found == Found.Absent) return "absent: nothing to purge";
            await backend.PurgeAsync(state.Name, ct);
            return "purged (permanent)";
        });

    public static void Print(string title, IReadOnlyList<BackendRow> rows)
    {
        Log.Info(title);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("backend secret", "found", "action");
        foreach (var row in rows) table.AddRow(Markup.Escape(row.Name), Markup.Escape(row.Found), Markup.Escape(row.Action));
        Log.Write(table);
    }

    static async Task<bool> WriteIfChangedAsync(ISecretBackend backend, string name, string current, string value, CancellationToken ct)
    {
        if (Digest(current) == Digest(value)) return false;
        await backend.WriteAsync(name, value, ct);
        return true;
    }

    static string Digest(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>One entry after another; the first failure ends the run, and every row says what happened.</summary>
    static async Task<IReadOnlyList<BackendRow>> EachAsync(IReadOnlyList<BackendSecretState> states, Func<BackendSecretState, Task<string>> act)
    {
        var rows = new List<BackendRow>();
        Exception? failure = null;
        foreach (var state in states)
        {
            if (failure is not null)
            {
                rows.Add(new BackendRow(state.Name, state.Detail, "not attempted"));
                continue;
            }
            try
            {
                rows.Add(new BackendRow(state.Name, state.Detail, await act(state)));
            }
            catch (TargetFailedException e)
            {
                failure = e;
                rows.Add(new BackendRow(state.Name, state.Detail, $"failed: {e.Message.Split('\n')[0]}"));
            }
        }
        if (failure is not null) throw new SecretBackendException(rows, failure);
        return rows;
    }
}

/// <summary>A lifecycle run that stopped halfway; it carries the rows so the table is printed all the same.</summary>
public sealed class SecretBackendException(IReadOnlyList<BackendRow> rows, Exception inner)
    : TargetFailedException($"{rows.Count(r => r.Action.StartsWith("failed", StringComparison.Ordinal))} backend secret failed, {rows.Count(r => r.Action == "not attempted")} not attempted; run again to converge: {inner.Message}")
{
    public IReadOnlyList<BackendRow> Rows { get; } = rows;
}
