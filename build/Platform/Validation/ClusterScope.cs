using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Validation;

/// <summary>One cloud's cluster as the cluster leg sees it: the API, the platform's names there, and the advice that
/// points back into this build.</summary>
public sealed record ClusterScope(Cluster Cluster, PlatformNames Names, Remedies Remedies)
{
    public k8s.IKubernetes Api => Cluster.Api;

    /// <summary>kubectl against this cluster, as the user would type it.</summary>
    public string Kubectl => Remedies.Kubectl(Names.Cloud);
}
