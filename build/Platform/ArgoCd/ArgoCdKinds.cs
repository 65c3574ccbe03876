using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>Argo CD's custom resources (API group argoproj.io), and the annotation that orders sync waves.</summary>
public static class ArgoCdKinds
{
    public const string Group = "argoproj.io";
    public const string WaveAnnotation = "argocd.argoproj.io/sync-wave";

    /// <summary>Annotation tracking (the Argo CD 3 default) names the owning Application:
    /// "&lt;app&gt;:&lt;group&gt;/&lt;kind&gt;:…".</summary>
    public const string TrackingAnnotation = "argocd.argoproj.io/tracking-id";

    public static CustomKind Application { get; } = new(Group, "v1alpha1", "applications", "Application");
    public static CustomKind AppProject { get; } = new(Group, "v1alpha1", "appprojects", "AppProject");
}

/// <summary>status.sync.status (docs/argocd.md#application-status).</summary>
public enum SyncStatus { Unknown, Synced, OutOfSync }

/// <summary>status.health.status (docs/argocd.md#application-status).</summary>
public enum HealthStatus { Unknown, Healthy, Progressing, Degraded, Suspended, Missing }

/// <summary>status.operationState.phase (docs/argocd.md#application-status).</summary>
public enum OperationPhase { Unknown, Running, Terminating, Failed, Error, Succeeded }
