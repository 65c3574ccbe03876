namespace Trinity.Build.Platform.SecretBackends;

/// <summary>What the lifecycle did to one backend secret.</summary>
public enum BackendAction
{
    Created, Unchanged, Updated, NewVersionAdded, RecoveredUnchanged, RecoveredUpdated,
    DeletedRecoverably, AlreadyDeleted, NothingToDelete, Purged, NothingToPurge,
    Failed, NotAttempted,
}

/// <summary>One row of a lifecycle run: the secret, the state it was found in, what was done (or, in a dry run,
/// would be), in words the backend chose. The table, the JSON report and the exit code all read this record.</summary>
public sealed record BackendOutcome(string Name, Found State, string Found, BackendAction Outcome, string Action, bool Planned = false)
{
    /// <summary>Whether the run changed (or would change) this secret.</summary>
    public bool Changes => Outcome is not (BackendAction.Unchanged or BackendAction.AlreadyDeleted or BackendAction.NothingToDelete
        or BackendAction.NothingToPurge or BackendAction.Failed or BackendAction.NotAttempted);
}
