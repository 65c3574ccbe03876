using System.Text.Json.Nodes;
using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>A root Application and its children (docs/argocd.md#app-of-apps), as WaitForSync, Promote and Drift read
/// them from the Applications in Argo CD's namespace.</summary>
public static class ApplicationTree
{
    /// <summary>The root's children: what its status lists as managed Applications, and (annotation tracking, the
    /// Argo CD 3 default) the Applications whose tracking id names the root.</summary>
    public static IEnumerable<JsonObject> Children(JsonObject root, IReadOnlyDictionary<string, JsonObject> apps, string rootName)
    {
        var listed = (root["status"]?["resources"] as JsonArray ?? [])
            .Where(r => KubernetesObjects.Text(r?["kind"]) == ArgoCdKinds.Application.Kind)
            .Select(r => KubernetesObjects.Text(r?["name"]))
            .OfType<string>()
            .ToHashSet();
        return apps.Values.Where(a =>
        {
            var name = KubernetesObjects.Name(a);
            var tracking = KubernetesObjects.Text(a["metadata"]?["annotations"]?[ArgoCdKinds.TrackingAnnotation]);
            return name != rootName
                && (listed.Contains(name) || (tracking?.StartsWith(rootName + ":", StringComparison.Ordinal) ?? false));
        });
    }

    /// <summary>The root and its children, read once from the cluster: null when the root is not there.</summary>
    public static async Task<(JsonObject Root, IReadOnlyList<JsonObject> Children)?> ReadAsync(Cluster cluster, string rootName,
        CancellationToken ct)
    {
        var (items, _) = await KubernetesObjects.ListAsync(cluster.Api, ArgoCdKinds.Application, Naming.PlatformNamespaces.ArgoCd, ct);
        var apps = items.ToDictionary(KubernetesObjects.Name, a => a, StringComparer.Ordinal);
        if (!apps.TryGetValue(rootName, out var root)) return null;
        return (root, [.. Children(root, apps, rootName)
            .OrderBy(KubernetesObjects.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The Git repository an Application's (first) source reads.</summary>
    public static string? RepoUrl(JsonObject app) => KubernetesObjects.Text(Source(app)?["repoURL"]);

    /// <summary>spec.source, or the first of spec.sources.</summary>
    public static JsonNode? Source(JsonObject app) => app["spec"]?["source"] ?? (app["spec"]?["sources"] as JsonArray)?.FirstOrDefault();
}
