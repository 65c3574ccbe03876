namespace Trinity.Build.Platform.ArgoCd;

public enum Progress { Waiting, Done, Failed }

/// <summary>When an Application is done (FACTS 1.1, "suggested done predicate"): Synced, Healthy, no operation in
/// flight, the last operation Succeeded, reconciled after it finished (a Healthy read before that is stale), no
/// *Error condition, and — when given — the expected revision. A Failed or Error operation fails at once; Degraded
/// fails only after a grace period, since rollouts pass through it.</summary>
public static class ApplicationVerdict
{
    public static (Progress Progress, string Why) Judge(ApplicationState app, string? expectedRevision, TimeSpan degradedFor, TimeSpan degradedGrace)
    {
        if (app.OperationPhase is "Failed" or "Error")
            return (Progress.Failed, $"sync operation {app.OperationPhase}: {app.OperationMessage}");
        if (app.ErrorConditions.FirstOrDefault() is { Type: { Length: > 0 } } error)
            return (Progress.Failed, $"{error.Type}: {error.Message}");
        if (app.Health == "Degraded" && degradedFor >= degradedGrace)
            return (Progress.Failed, $"Degraded for longer than the {Engine.Text.Durations.Format(degradedGrace)} grace: {app.HealthMessage}");

        var waitingFor =
            app.OperationInFlight || app.OperationPhase is "Running" or "Terminating" ? "its sync operation to finish"
            : app.Sync != "Synced" ? $"sync ({app.Sync})"
            : app.Health != "Healthy" ? $"health ({app.Health}{(app.HealthMessage is { Length: > 0 } m ? ": " + m : "")})"
            : app.OperationPhase is not (null or "Succeeded") ? $"the operation ({app.OperationPhase})"
            : app.OperationFinishedAt is { } finished && (app.ReconciledAt is null || app.ReconciledAt < finished) ? "a reconcile after the last sync (its Healthy may be stale)"
            : expectedRevision is not null && app.Revision != expectedRevision ? $"revision {Short(expectedRevision)} (at {Short(app.Revision)})"
            : null;
        return waitingFor is null ? (Progress.Done, "Synced, Healthy") : (Progress.Waiting, waitingFor);
    }

    static string Short(string? revision) => revision is { Length: > 8 } r ? r[..8] : revision ?? "none";
}
