using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Drift;

/// <summary>The value a custom resource's structural schema defaults a field to (docs/drift.md#defaults): the
/// field's own "default", or one an enclosing object's "default" holds (ESO's spec.target defaults to
/// {creationPolicy: Owner, deletionPolicy: Retain}).</summary>
public static class SchemaDefaults
{
    public static JsonNode? At(JsonObject? schema, FieldPath path)
    {
        JsonNode? node = schema;
        for (var i = 0; i < path.Steps.Count && node is not null; i++)
        {
            if (node["default"] is { } enclosing && Inside(enclosing, path.Steps.Skip(i)) is { } held) return held;
            node = path.Steps[i] is int ? node["items"] : node["properties"]?[(string)path.Steps[i]] ?? node["additionalProperties"];
        }
        return node?["default"];
    }

    static JsonNode? Inside(JsonNode value, IEnumerable<object> steps)
    {
        var node = (JsonNode?)value;
        foreach (var step in steps)
            node = step is int i ? (node as JsonArray)?.ElementAtOrDefault(i) : (node as JsonObject)?[(string)step];
        return node;
    }
}
