using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Teardown;

/// <summary>What is left on a cluster, read in one go: the platform's Applications still there (of those named), and
/// every LoadBalancer Service and PersistentVolumeClaim — in the platform's namespaces, which a teardown waits for,
/// and elsewhere, which it names and leaves to their owner.</summary>
public sealed record ClusterRemnants(IReadOnlyList<Remnant> Applications, IReadOnlyList<Remnant> Platform,
    IReadOnlyList<Remnant> Elsewhere)
{
    public IEnumerable<Remnant> All => Applications.Concat(Platform);

    /// <param name="applications">The Applications to look for, by name (the root and its children as first read).</param>
    public static async Task<ClusterRemnants> ReadAsync(Cluster cluster, IReadOnlyDictionary<string, int?> applications,
        CancellationToken ct)
    {
        var apps = applications.Count == 0 ? []
            : (await KubernetesObjects.ListAsync(cluster.Api, ArgoCdKinds.Application, PlatformNamespaces.ArgoCd, ct)).Items
                .Select(a => (App: a, Name: KubernetesObjects.Name(a)))
                .Where(a => applications.ContainsKey(a.Name))
                .Select(a => Application(a.App, applications[a.Name]))
                .ToList();
        var services = (await cluster.Api.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct)).Items
            .Where(s => s.Spec?.Type == "LoadBalancer")
            .Select(s => Of(RemnantKind.LoadBalancer, s.Metadata));
        var claims = (await cluster.Api.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct)).Items
            .Select(c => Of(RemnantKind.Volume, c.Metadata) with { Volume = c.Spec?.VolumeName is { Length: > 0 } v ? v : null });
        var cloudObjects = services.Concat(claims).OrderBy(r => r.Object, StringComparer.Ordinal).ToList();
        var platform = PlatformNamespaces.All.ToHashSet(StringComparer.Ordinal);
        return new ClusterRemnants(apps, [.. cloudObjects.Where(r => platform.Contains(r.Namespace))],
            [.. cloudObjects.Where(r => !platform.Contains(r.Namespace))]);
    }

    /// <summary>An Application as a remnant: null wave for the root.</summary>
    public static Remnant Application(JsonObject app, int? wave)
    {
        var metadata = app["metadata"];
        return new Remnant(RemnantKind.Application, KubernetesObjects.Text(metadata?["namespace"]) ?? PlatformNamespaces.ArgoCd,
            KubernetesObjects.Name(app), KubernetesObjects.Text(metadata?["uid"]) ?? "",
            [.. (metadata?["finalizers"] as JsonArray ?? []).Select(KubernetesObjects.Text).OfType<string>()],
            metadata?["deletionTimestamp"] is not null, Wave: wave);
    }

    static Remnant Of(RemnantKind kind, V1ObjectMeta metadata) => new(kind, metadata.NamespaceProperty ?? "", metadata.Name ?? "",
        metadata.Uid ?? "", [.. metadata.Finalizers ?? []], metadata.DeletionTimestamp is not null);
}
