using System.Security.Cryptography;
using System.Text;
using Engine;
using Engine.Processes;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>The guarded lifecycle over any backend (docs/secret-backends.md). Apply creates, restores or recovers,
/// and writes a value only when it differs (digests compared) — never purges; a second run changes nothing. Delete is
/// recoverable everywhere; purge is separate. Entries run one by one; on a failure every row still says what was
/// done and what was not. In a dry run the reads run and each change is planned: the rows say what would be done.</summary>
public static class SecretBackendLifecycle
{
    public static async Task<IReadOnlyList<BackendOutcome>> ApplyAsync(ISecretBackend backend,
        IReadOnlyList<(string Name, string Value)> desired,
        CancellationToken ct)
    {
        var states = await backend.DescribeAsync([.. desired.Select(d => d.Name)], ct);
        // The values of every present secret in one go, read when the first of them is compared (the entries run one
        // after another, so a plain variable holds them).
        IReadOnlyDictionary<string, string>? present = null;
        async Task<string> CurrentAsync(string name) =>
            (present ??= await backend.ReadAllAsync([.. states.Where(s => s.Found == Found.Present).Select(s => s.Name)], ct))[name];
        return await EachAsync(backend, states, async state =>
        {
            var value = desired.First(d => d.Name == state.Name).Value;
            switch (state.Found)
            {
                case Found.Absent:
                    return Done(await backend.CreateAsync(state.Name, value, ct), BackendAction.Created);
                case Found.NoEnabledVersion:
                    return Done(await backend.WriteAsync(state.Name, value, ct), BackendAction.NewVersionAdded);
                case Found.Tombstoned:
                    if (await backend.RecoverAsync(state.Name, ct) is { IsPlanned: true } planned) return Done(planned,
                        BackendAction.RecoveredUpdated);
                    return await WriteIfChangedAsync(backend, state.Name, await backend.ReadAsync(state.Name, ct), value, ct) is { } written
                        ? Done(written, BackendAction.RecoveredUpdated)
                        : (BackendAction.RecoveredUnchanged, false);
                default:
                    return await WriteIfChangedAsync(backend, state.Name, await CurrentAsync(state.Name), value, ct) is { } write
                        ? Done(write, BackendAction.Updated)
                        : (BackendAction.Unchanged, false);
            }
        });
    }

    public static Task<IReadOnlyList<BackendOutcome>> DeleteAsync(ISecretBackend backend, IReadOnlyList<BackendSecretState> states,
        int recoveryWindowDays,
        CancellationToken ct) =>
        EachAsync(backend, states, async state => state.Found switch
        {
            Found.Absent => (BackendAction.NothingToDelete, false),
            Found.Tombstoned => (BackendAction.AlreadyDeleted, false),
            _ => Done(await backend.DeleteAsync(state.Name, recoveryWindowDays, ct), BackendAction.DeletedRecoverably),
        }, recoveryWindowDays);

    public static Task<IReadOnlyList<BackendOutcome>> PurgeAsync(ISecretBackend backend, IReadOnlyList<BackendSecretState> states,
        CancellationToken ct) =>
        EachAsync(backend, states, async state => state.Found == Found.Absent
            ? (BackendAction.NothingToPurge, false)
            : Done(await backend.PurgeAsync(state.Name, ct), BackendAction.Purged));

    static (BackendAction, bool Planned) Done(ToolResult change, BackendAction action) => (action, change.IsPlanned);

    /// <summary>The write that makes the value current, or null when the current one already has its digest.</summary>
    static async Task<ToolResult?> WriteIfChangedAsync(ISecretBackend backend, string name, string current, string value,
        CancellationToken ct) =>
        Digest(current) == Digest(value) ? null : await backend.WriteAsync(name, value, ct);

    static string Digest(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>The words of an outcome, as this backend names its states (restored or recovered, …).</summary>
    static string Words(ISecretBackend backend, BackendAction action, int recoveryWindowDays) => action switch
    {
        BackendAction.Created => "created",
        BackendAction.Unchanged => "unchanged",
        BackendAction.Updated => "updated",
        BackendAction.NewVersionAdded => "new enabled version added",
        BackendAction.RecoveredUnchanged => $"{backend.Recovered}, value unchanged",
        BackendAction.RecoveredUpdated => $"{backend.Recovered}, value updated",
        BackendAction.DeletedRecoverably => backend.DeletedRecoverably(recoveryWindowDays),
        BackendAction.AlreadyDeleted => "already deleted (recoverable)",
        BackendAction.NothingToDelete => "absent: nothing to delete",
        BackendAction.Purged => "purged (permanent)",
        BackendAction.NothingToPurge => "absent: nothing to purge",
        BackendAction.NotAttempted => "not attempted",
        _ => "failed",
    };

    /// <summary>One entry after another; the first failure ends the run, and every row says what happened.</summary>
    static async Task<IReadOnlyList<BackendOutcome>> EachAsync(ISecretBackend backend, IReadOnlyList<BackendSecretState> states,
        Func<BackendSecretState, Task<(BackendAction Action, bool Planned)>> act, int recoveryWindowDays = 0)
    {
        var rows = new List<BackendOutcome>();
        Exception? failure = null;
        foreach (var state in states)
        {
            if (failure is not null)
            {
                rows.Add(Row(state, BackendAction.NotAttempted, false, Words(backend, BackendAction.NotAttempted, recoveryWindowDays)));
                continue;
            }
            try
            {
                var (action, planned) = await act(state);
                var words = Words(backend, action, recoveryWindowDays);
                rows.Add(Row(state, action, planned, planned ? $"{words} (dry run: not done)" : words));
            }
            catch (TargetFailedException e)
            {
                failure = e;
                rows.Add(Row(state, BackendAction.Failed, false, $"failed: {e.Message.Split('\n')[0]}"));
            }
        }
        if (failure is not null) throw new SecretBackendException(rows, failure);
        return rows;
    }

    static BackendOutcome Row(BackendSecretState state, BackendAction action, bool planned, string words) =>
        new(state.Name, state.Found, state.Detail, action, words, planned);
}

/// <summary>A lifecycle run that stopped halfway; it carries the rows so the table is printed all the same.</summary>
public sealed class SecretBackendException(IReadOnlyList<BackendOutcome> rows, Exception inner)
    : TargetFailedException($"{rows.Count(r => r.Outcome == BackendAction.Failed)} backend secret failed, " +
        $"{rows.Count(r => r.Outcome == BackendAction.NotAttempted)} not attempted; run again to converge: {inner.Message}")
{
    public IReadOnlyList<BackendOutcome> Rows { get; } = rows;
}
