using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Text;
using Json.Schema;

namespace Trinity.Build.Platform.Manifests.Schemas;

/// <summary>Validates objects against a CRD's openAPIV3Schema with JsonSchema.Net. The schema is first made a JSON
/// schema the way the API server reads it: nullable becomes a null type, int-or-string takes both, and an object
/// with declared properties accepts no others (the API server would prune them silently, and Argo CD would show
/// the object OutOfSync for ever), unless it preserves unknown fields.</summary>
public sealed class CrdSchemaValidator
{
    readonly ConcurrentDictionary<CrdVersion, JsonSchema> _built = new();
    readonly SchemaRegistry _registry = new();

    public IEnumerable<(string Path, string Message, string Fix)> Validate(CrdVersion crd, JsonObject body)
    {
        var schema = _built.GetOrAdd(crd, Build);
        using var document = JsonDocument.Parse(body.ToJsonString());
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? [])
            .Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => Explain(crd, body, d, e.Key, e.Value)))
            .Distinct()
            .OrderBy(e => e.Path, StringComparer.Ordinal);
    }

    JsonSchema Build(CrdVersion crd)
    {
        var converted = Convert(crd.Schema.DeepClone())!.AsObject();
        converted["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        var id = new Uri($"https://trinity.invalid/crds/{crd.Group}/{crd.Version}/{crd.Kind}");
        return JsonSchema.FromText(converted.ToJsonString(), new BuildOptions { SchemaRegistry = _registry }, id);
    }

    static JsonNode? Convert(JsonNode? node)
    {
        if (node is JsonArray array) return new JsonArray([.. array.Select(item => Convert(item?.DeepClone()))]);
        if (node is not JsonObject o) return node;
        var result = new JsonObject();
        var preserve = o["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        foreach (var (key, value) in o)
        {
            if (key.StartsWith("x-kubernetes-", StringComparison.Ordinal) || key is "nullable" or "format" or "example") continue;
            result[key] = key is "properties" or "patternProperties" or "definitions"
                ? new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, Convert(p.Value?.DeepClone()))))
                : key is "default" or "enum" or "required" or "type" ? value?.DeepClone() : Convert(value?.DeepClone());
        }
        if (o["nullable"]?.GetValue<bool>() == true
            && result["type"] is JsonValue type) result["type"] = new JsonArray(type.GetValue<string>(), "null");
        if (o["x-kubernetes-int-or-string"]?.GetValue<bool>() == true) result["type"] = new JsonArray("integer", "string");
        if (result["properties"] is not null && result["additionalProperties"] is null && !preserve) result["additionalProperties"] = false;
        return result;
    }

    static (string Path, string Message, string Fix) Explain(CrdVersion crd, JsonObject body, EvaluationResults detail, string keyword,
        string message)
    {
        var pointer = detail.InstanceLocation.ToString();
        var path = Dotted(pointer);
        if (detail.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal))
        {
            var parent = pointer[..pointer.LastIndexOf('/')];
            var known = (SchemaAt(crd.Schema, parent)?["properties"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
            var name = pointer[(pointer.LastIndexOf('/') + 1)..];
            return (path, "is not a field of this kind: the API server would drop it and Argo CD would show the object OutOfSync",
                $"remove it or fix its spelling{Suggestions.DidYouMean(name, known)}");
        }
        if (keyword == "enum" && SchemaAt(crd.Schema, pointer)?["enum"] is JsonArray allowed)
        {
            var value = Value(body, pointer);
            return (path, $"is '{value}', not one of {string.Join(", ", allowed.Select(a => a?.ToString()))}",
                $"set {path} to one of the allowed values");
        }
        return (path, message.TrimEnd('.'), $"fix {path} to match the {crd.Kind} {crd.Version} schema");
    }

    /// <summary>The subschema that describes the value at an instance pointer.</summary>
    static JsonObject? SchemaAt(JsonObject schema, string pointer)
    {
        var node = (JsonObject?)schema;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = int.TryParse(part, out _) ? node?["items"] as JsonObject : node?["properties"]?[part] as JsonObject;
        return node;
    }

    static string? Value(JsonNode body, string pointer)
    {
        var node = (JsonNode?)body;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = node is JsonArray a && int.TryParse(part, out var i) ? a[i] : node?[part];
        return node?.ToString();
    }

    /// <summary>/spec/data/0/remoteRef → spec.data[0].remoteRef, as people write it.</summary>
    public static string Dotted(string pointer) =>
        string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => int.TryParse(p, out _) ? $"[{p}]" : "." + p))
            .TrimStart('.');
}
