namespace Trinity.Build.Platform.Teardown;

/// <summary>What a teardown waits to see gone: the platform's Applications, and what Kubernetes made in the cloud on
/// the platform's behalf (docs/teardown.md).</summary>
public enum RemnantKind
{
    /// <summary>An Argo CD Application: deleted with its resources (the resources finalizer), wave by wave.</summary>
    Application,
    /// <summary>A Service of type LoadBalancer: a cloud load balancer (on AWS with ENIs and security groups).</summary>
    LoadBalancer,
    /// <summary>A PersistentVolumeClaim: a cloud disk behind its volume.</summary>
    Volume,
}

/// <summary>One object a teardown is waiting for, as read from the cluster: where it is, what still holds it
/// (finalizers) and, for a claim, the volume (the disk's name in the cloud).</summary>
public sealed record Remnant(RemnantKind Kind, string Namespace, string Name, string Uid, IReadOnlyList<string> Finalizers,
    bool Deleting, string? Volume = null, int? Wave = null)
{
    /// <summary>Kind/namespace/name, as kubectl names it.</summary>
    public string Object => Kind switch
    {
        RemnantKind.Application => $"Application/{Namespace}/{Name}",
        RemnantKind.LoadBalancer => $"Service/{Namespace}/{Name}",
        _ => $"PersistentVolumeClaim/{Namespace}/{Name}",
    };

    /// <summary>What it is, for the table: the wave of an Application, LoadBalancer, the volume of a claim.</summary>
    public string What => Kind switch
    {
        RemnantKind.Application => Wave is { } wave ? $"wave {wave}" : "root",
        RemnantKind.LoadBalancer => "type LoadBalancer",
        _ => Volume is { } volume ? $"volume {volume}" : "not bound",
    };

    /// <summary>Why it is still there: deleting and held by its finalizers, or not deleted yet.</summary>
    public string State => !Deleting ? "present"
        : Finalizers.Count == 0 ? "deleting" : $"deleting, held by {string.Join(", ", Finalizers)}";
}
