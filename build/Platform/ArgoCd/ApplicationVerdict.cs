using Engine.Text;

namespace Trinity.Build.Platform.ArgoCd;

public enum Progress { Waiting, Done, Failed }

/// <summary>When an Application is done (docs/argocd.md#when-an-application-is-done): Synced, Healthy, no operation
/// in flight, the last operation Succeeded, reconciled after it finished (a Healthy read before that is stale), no
/// *Error condition, and — when given — the expected revision. A Failed or Error operation fails at once; Degraded
/// fails only after a grace period, since rollouts pass through it.</summary>
public static class ApplicationVerdict
{
    public static (Progress Progress, string Why) Judge(ApplicationState app, string? expectedRevision, TimeSpan degradedFor,
        TimeSpan degradedGrace)
    {
        if (app.Operation is { Value: OperationPhase.Failed or OperationPhase.Error } failed)
            return (Progress.Failed, $"sync operation {failed}: {app.OperationMessage}");
        if (app.ErrorConditions.FirstOrDefault() is { Type.Length: > 0 } error)
            return (Progress.Failed, $"{error.Type}: {error.Message}");
        if (app.Health.Is(HealthStatus.Degraded) && degradedFor >= degradedGrace)
            return (Progress.Failed, $"Degraded for longer than the {Durations.Format(degradedGrace)} grace: {app.HealthMessage}");

        var waitingFor =
            app.OperationInFlight || app.Operation is { Value: OperationPhase.Running or OperationPhase.Terminating }
                ? "its sync operation to finish"
            : !app.Sync.Is(SyncStatus.Synced) ? $"sync ({app.Sync})"
            : !app.Health.Is(HealthStatus.Healthy) ? $"health ({app.Health}{(app.HealthMessage is { Length: > 0 } m ? ": " + m : "")})"
            : app.Operation is { } phase && !phase.Is(OperationPhase.Succeeded) ? $"the operation ({phase})"
            : app.OperationFinishedAt is { } finished && (app.ReconciledAt is null || app.ReconciledAt < finished)
                ? "a reconcile after the last sync (its Healthy may be stale)"
            : expectedRevision is not null && app.Revision != expectedRevision
                ? $"revision {Short(expectedRevision)} (at {Short(app.Revision)})"
            : null;
        return waitingFor is null ? (Progress.Done, "Synced, Healthy") : (Progress.Waiting, waitingFor);
    }

    static string Short(string? revision) => revision is { Length: > 8 } r ? r[..8] : revision ?? "none";
}
