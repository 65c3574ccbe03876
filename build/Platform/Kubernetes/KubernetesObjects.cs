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
    public static async Task<JsonObject?> GetAsync(IKubernetes client, string group, string version, string plural, string? ns, string name, CancellationToken ct)
    {
        try
        {
            var result = ns is null
                ? await client.CustomObjects.GetClusterCustomObjectAsync(group, version, plural, name, ct)
                : await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name, ct);
            return Node(result) as JsonObject;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(IKubernetes client, string group, string version, string plural, string ns, CancellationToken ct)
    {
        var result = Node(await client.CustomObjects.ListNamespacedCustomObjectAsync(group, version, ns, plural, cancellationToken: ct));
        var items = (result?["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return (items, result?["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "");
    }

    public static async Task<T?> OrNull<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
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
}
