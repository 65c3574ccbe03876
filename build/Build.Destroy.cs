using Engine;
using Engine.Processes;
using Engine.Text;
using Engine.Workflows;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Teardown;

namespace Trinity.Build;

// The teardown: one cloud's cluster and everything Kubernetes made in the cloud for it, and nothing that outlives
// clusters (docs/teardown.md). Deploy builds it again from the foundation and the backend secrets that remain.
public sealed partial class Build
{
    [Parameter("Destroy: how long the cluster may take to delete its Applications, load balancers and volumes before the stack " +
        "is destroyed.")]
    public TimeSpan DestroyTimeout { get; set; } = TimeSpan.FromMinutes(15);

    Target Destroy => _ => _
        .Description("Tears one cloud's cluster down: Argo CD's automation off, the Applications deleted (last wave first) until no " +
            "LoadBalancer Service or PVC is left, then pulumi destroy of the cluster stack. Never the foundation or a backend secret.")
        .DependsOn(InfraDependencies, Preflight)
        .Requires(() => Clouds)
        .Requires(() => Clouds.Length == 1, () => "destroys one cloud at a time: pass exactly one --cloud")
        .Requires(() => Clouds.Length != 1 || Confirm == Names(Clouds[0]).Cluster,
            () => $"refusing without --confirm {ClusterOrPattern} (nothing was destroyed)")
        .Requires(() => KubeconfigFitsClouds, KubeconfigForOneCloud)
        .Requires(() => DestroyTimeout > TimeSpan.Zero,
            () => $"--destroy-timeout: {Durations.Format(DestroyTimeout)} is not longer than 0s")
        .ForEach(() => Clouds, (cloud, ct) => new StackDestroy(new DestroyContext(Names(cloud), Stack(cloud), Foundation(cloud),
            Remedies, DestroyTimeout, Blank(KeyVault), Blank(KubeconfigPath), () => Connect(cloud), t => DestroyAgain(cloud, t)))
            .RunAsync(ct));

    /// <summary>Destroy as the user ran it, with <paramref name="timeout"/>: the remedy of a stopped or failed teardown.</summary>
    string DestroyAgain(Cloud cloud, TimeSpan timeout) => BuildCommands.Run([nameof(Destroy)],
    [
        ("cloud", cloud.Name), ("confirm", Confirm), ("destroy-timeout", Durations.Format(timeout)),
        .. BuildCommands.InForce("environment", "kubeconfig").Select(p => (p.Parameter, CommandText.Quote(p.Value))),
    ]);
}
