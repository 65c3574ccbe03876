using k8s.Models;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>`kubectl rollout status` semantics (docs/kubernetes.md#rolled-out), so "rolled out" means what a person running kubectl
/// would see: the controller observed the current generation, every replica is updated and available, and no old
/// replica is still terminating.</summary>
public static class Rollout
{
    public static (bool Done, string Why) Deployment(V1Deployment d)
    {
        var name = d.Metadata.Name;
        var status = d.Status;
        var replicas = d.Spec.Replicas ?? 1;
        if (status is null || d.Metadata.Generation > (status.ObservedGeneration ?? 0))
            return (false, $"{name}: waiting for the controller to observe generation {d.Metadata.Generation}");
        if (status.Conditions?.FirstOrDefault(c => c.Type == "Progressing") is { Reason: "ProgressDeadlineExceeded" })
            return (false, $"{name}: exceeded its progress deadline");
        var updated = status.UpdatedReplicas ?? 0;
        if (updated < replicas) return (false, $"{name}: {updated} of {replicas} replicas updated");
        if ((status.Replicas ?? 0) > updated) return (false, $"{name}: {status.Replicas - updated} old replicas pending termination");
        if ((status.AvailableReplicas ?? 0) < updated) return (false,
            $"{name}: {status.AvailableReplicas ?? 0} of {updated} updated replicas available");
        return (true, $"{name} {status.AvailableReplicas}/{replicas}");
    }

    public static (bool Done, string Why) StatefulSet(V1StatefulSet s)
    {
        var name = s.Metadata.Name;
        var status = s.Status;
        var replicas = s.Spec.Replicas ?? 1;
        if (status?.ObservedGeneration is not { } observed || observed == 0 || s.Metadata.Generation > observed)
            return (false, $"{name}: waiting for the controller to observe generation {s.Metadata.Generation}");
        if ((status.ReadyReplicas ?? 0) < replicas) return (false, $"{name}: {status.ReadyReplicas ?? 0} of {replicas} replicas ready");
        if (s.Spec.UpdateStrategy?.RollingUpdate?.Partition is { } partition and > 0)
            return (status.UpdatedReplicas ?? 0) >= replicas - partition ? (true, $"{name} partitioned rollout done")
                : (false, $"{name}: partitioned rollout in progress");
        return status.UpdateRevision == status.CurrentRevision ? (true, $"{name} {status.ReadyReplicas}/{replicas}")
            : (false, $"{name}: rolling to revision {status.UpdateRevision}");
    }

    public static bool Ready(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
