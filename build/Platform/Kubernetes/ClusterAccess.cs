using System.Net;
using k8s.Autorest;
using Engine;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Resilience;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>A failed call to a cluster as one line that says what is wrong and what to do (docs/failure-classes.md):
/// credentials refused, access denied, the server out of reach, an API that is not installed. Never a stack trace.</summary>
public static class ClusterAccess
{
    /// <summary>Whether <paramref name="e"/> is a failure of the cluster call itself (not of the build).</summary>
    public static bool IsClusterFailure(Exception e) =>
        e is HttpOperationException or HttpRequestException or IOException or TimeoutException;

    public static TargetFailedException Describe(Exception e, Cluster cluster, Cloud cloud, Remedies remedies, string doing)
    {
        var status = e switch
        {
            HttpOperationException h => (int)h.Response.StatusCode,
            HttpRequestException { StatusCode: { } code } => (int)code,
            _ => (int?)null,
        };
        var said = e is HttpOperationException http ? KubernetesObjects.StatusOf(http)?["message"]?.ToString() ?? http.Response.ReasonPhrase
            : null;
        var where = $"the cluster at {cluster.Server} ({cluster.Kubeconfig})";
        return new TargetFailedException(Secrets.Mask(Failures.Classify(e) switch
        {
            FailureKind.Unauthorized =>
                $"{where} does not accept its credentials ({status} Unauthorized) while {doing}: they may have expired; write them anew " +
                    $"with {remedies.Kubeconfig(cloud)}",
            FailureKind.Forbidden =>
                $"the identity in {cluster.Kubeconfig} may not do this on the cluster at {cluster.Server} ({status} Forbidden" +
                    $"{(said is { Length: > 0 } ? ": " + said : "")}) while {doing}: " +
                $"grant it access in infra/pulumi/{cloud.Name} ({remedies.Up(cloud)})",
            FailureKind.Unreachable => $"cannot reach {where} while {doing}: {Reason(e)}",
            FailureKind.NotFound when e is HttpOperationException missing && KubernetesObjects.IsMissingApi(missing) =>
                $"{where} has no such API ({status} Not Found) while {doing}: is the platform installed there? ({remedies.Up(cloud)})",
            _ => $"{where} answered " +
                $"{(status is { } s ? $"{s} {(HttpStatusCode)s}" : Reason(e))} while {doing}{(said is { Length: > 0 } ? $": {said}" : "")}",
        }));
    }

    /// <summary>The innermost message: what the network said (connection refused, name not known).</summary>
    public static string Reason(Exception e)
    {
        var inner = e;
        while (inner.InnerException is { } next) inner = next;
        return inner.Message;
    }
}
