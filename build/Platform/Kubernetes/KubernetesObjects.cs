using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace Trinity.Build.Platform.Kubernetes;

/// <summary>Custom resources as JSON nodes (Argo CD and ESO kinds have no typed model in the client), and the
/// absence of an object as null rather than an exception.</summary>
public static class KubernetesObjects
{
    public static async Task<JsonObject?> GetAsync(IKubernetes client, CustomKind kind, string? ns, string name, CancellationToken ct)
    {
        try
        {
            var result = ns is null
                ? await client.CustomObjects.GetClusterCustomObjectAsync(kind.Group, kind.Version, kind.Plural, name, ct)
                : await client.CustomObjects.GetNamespacedCustomObjectAsync(kind.Group, kind.Version, ns, kind.Plural, name, ct);
            return Node(result) as JsonObject;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && !IsMissingApi(e))
        {
            return null;
        }
    }

    public static async Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(IKubernetes client, CustomKind kind,
        string ns, CancellationToken ct)
    {
        var result = Node(await client.CustomObjects.ListNamespacedCustomObjectAsync(kind.Group, kind.Version, ns, kind.Plural,
            cancellationToken: ct));
        var items = (result?["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return (items, result?["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "");
    }

    public static async Task<T?> OrNullAsync<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && !IsMissingApi(e))
        {
            return null;
        }
    }

    /// <summary>A 404 for a whole API (the kind is not installed: "404 page not found", or a Status naming no object)
    /// rather than for one object, whose Status names it in its details.</summary>
    public static bool IsMissingApi(HttpOperationException e) =>
        e.Response.StatusCode == HttpStatusCode.NotFound && StatusOf(e)?["details"]?["name"] is null;

    /// <summary>The Status object the API server answered with, when it sent one.</summary>
    public static JsonObject? StatusOf(HttpOperationException e)
    {
        try
        {
            return JsonNode.Parse(e.Response.Content ?? "") as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonNode? Node(object? value) => value switch
    {
        null => null,
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        JsonNode node => node,
        _ => JsonSerializer.SerializeToNode(value),
    };

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>An object's metadata.name ("" when it has none).</summary>
    public static string Name(JsonNode? obj) => Text(obj?["metadata"]?["name"]) ?? "";
}
