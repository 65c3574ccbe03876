using System.Text.Json;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.Drift;

/// <summary>Who set a field, from metadata.managedFields (docs/drift.md#field-managers): each entry's fieldsV1 is a
/// tree of "f:name" for fields, "k:{…}" for list items by key, "v:…" for set values and "i:N" by index; an empty
/// node owns everything under it (a leaf, or an atomic list).</summary>
public sealed class FieldOwners(JsonObject live)
{
    /// <summary>The managers kubectl sends when a person changes an object (edit, client-side apply, patch, and the
    /// other kubectl verbs that write).</summary>
    public static bool IsHand(string manager) => manager == "kubectl" || manager.StartsWith("kubectl-", StringComparison.Ordinal);

    /// <summary>Argo CD's application controller (argocd-controller; older releases argocd-application-controller).</summary>
    public static bool IsArgoCd(string manager) => manager.StartsWith("argocd", StringComparison.Ordinal);

    /// <summary>The managers that own the field, most recent write first.</summary>
    public IReadOnlyList<string> Of(FieldPath path) =>
    [
        .. (live["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .OrderByDescending(e => KubernetesObjects.Text(e["time"]) ?? "", StringComparer.Ordinal)
            .Where(e => e["fieldsV1"] is JsonObject fields && Owns(fields, path))
            .Select(e => KubernetesObjects.Text(e["manager"]) ?? "?")
            .Distinct(),
    ];

    bool Owns(JsonObject fields, FieldPath path)
    {
        JsonNode? value = live;
        var node = fields;
        foreach (var step in path.Steps)
        {
            if (node.Count == 0) return true;
            JsonNode? next;
            if (step is int index)
            {
                var item = (value as JsonArray)?.ElementAtOrDefault(index);
                next = node.FirstOrDefault(f => Matches(f.Key, item, index)).Value;
                value = item;
            }
            else
            {
                next = node[$"f:{step}"];
                value = value?[(string)step];
            }
            if (next is not JsonObject child) return false;
            node = child;
        }
        return true;
    }

    static bool Matches(string key, JsonNode? item, int index)
    {
        if (key == $"i:{index}") return true;
        if (key.StartsWith("v:", StringComparison.Ordinal)) return JsonNode.DeepEquals(Parse(key[2..]), item);
        if (!key.StartsWith("k:", StringComparison.Ordinal) || Parse(key[2..]) is not JsonObject keys || item is not JsonObject obj)
            return false;
        return keys.All(k => JsonNode.DeepEquals(k.Value, obj[k.Key]));
    }

    static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
