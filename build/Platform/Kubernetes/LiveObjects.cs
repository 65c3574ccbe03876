using System.Net;
using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>Any object by group, version and kind, as Argo CD names a resource in an Application's status: the plural
/// from the API's discovery document, then a plain GET. And a custom resource's schema, from its definition in the
/// cluster, which is what the API server defaults from. Reads only.</summary>
public sealed class LiveObjects(Cluster cluster)
{
    readonly Dictionary<string, JsonArray> _discovered = new(StringComparer.Ordinal);

    public sealed record Resource(string Group, string Version, string Kind, string Plural, bool Namespaced)
    {
        public string CrdName => $"{Plural}.{Group}";

        public string Path(string? ns, string name) =>
            $"{(Group.Length == 0 ? "/api/v1" : $"/apis/{Group}/{Version}")}{(Namespaced ? $"/namespaces/{ns}" : "")}/{Plural}/{name}";
    }

    /// <summary>The served resource of a kind, or null when the API serves no such kind.</summary>
    public async Task<Resource?> ResourceAsync(string group, string version, string kind, CancellationToken ct)
    {
        var path = group.Length == 0 ? "/api/v1" : $"/apis/{group}/{version}";
        if (!_discovered.TryGetValue(path, out var resources))
        {
            resources = (await GetJsonAsync(path, ct))?["resources"] as JsonArray ?? [];
            _discovered[path] = resources;
        }
        var entry = resources.OfType<JsonObject>().FirstOrDefault(r => KubernetesObjects.Text(r["kind"]) == kind
            && KubernetesObjects.Text(r["name"]) is { } n && !n.Contains('/'));
        return entry is null ? null : new Resource(group, version, kind, KubernetesObjects.Text(entry["name"])!,
            entry["namespaced"] is JsonValue v && v.TryGetValue<bool>(out var namespaced) && namespaced);
    }

    /// <summary>The object, or null when it does not exist.</summary>
    public Task<JsonObject?> GetAsync(Resource resource, string? ns, string name, CancellationToken ct) =>
        GetJsonAsync(resource.Path(ns, name), ct);

    /// <summary>The OpenAPI schema of a custom resource's version, or null for a built-in kind.</summary>
    public async Task<JsonObject?> SchemaAsync(Resource resource, CancellationToken ct)
    {
        if (resource.Group.Length == 0 || !resource.Group.Contains('.')) return null;
        var crd = await GetJsonAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{resource.CrdName}", ct);
        return (crd?["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(v => KubernetesObjects.Text(v["name"]) == resource.Version)?["schema"]?["openAPIV3Schema"] as JsonObject;
    }

    async Task<JsonObject?> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await cluster.GetAsync(path, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        // A cluster failure like any other: ClusterAccess says what it means and what to do.
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}", null, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
    }
}
