using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fakes.Kubernetes;

/// <summary>JSON merge patch (RFC 7386) and JSON patch (RFC 6902) over System.Text.Json nodes, with the server's
/// error classes: a malformed body is 400, a patch that does not apply is 422.</summary>
static class Patches
{
    /// <summary>Applies a merge patch to <paramref name="target"/> in place when both are objects; returns the
    /// result (a new node when the patch replaces the target).</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            if (value is JsonObject && result[key] is JsonObject existing)
            {
                Merge(existing, value);
                continue;
            }
            result[key] = Merge(null, value);
        }
        return result;
    }

    /// <summary>Applies RFC 6902 operations to a copy of <paramref name="document"/>.</summary>
    public static JsonNode? Json(JsonNode? document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document?.DeepClone() };
        foreach (var node in operations)
        {
            if (node is not JsonObject op || Text(op["op"]) is not { } kind || Text(op["path"]) is not { } path)
                throw ApiError.BadRequest("json patch: every operation needs \"op\" and \"path\"");
            switch (kind)
            {
                case "add":
                    Add(root, path, Value(op));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Value(op));
                    break;
                case "move":
                    {
                        var from = Text(op["from"]) ?? throw ApiError.BadRequest("json patch: move needs \"from\"");
                        var value = Remove(root, from);
                        Add(root, path, value);
                        break;
                    }
                case "copy":
                    {
                        var from = Text(op["from"]) ?? throw ApiError.BadRequest("json patch: copy needs \"from\"");
                        Add(root, path, Find(root, from)?.DeepClone());
                        break;
                    }
                case "test":
                    if (!JsonNode.DeepEquals(Find(root, path), op["value"]))
                        throw Unprocessable($"testing value {path} failed");
                    break;
                default:
                    throw ApiError.BadRequest($"json patch: unknown operation \"{kind}\"");
            }
        }
        var result = root["doc"];
        root.Remove("doc");
        return result;
    }

    static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ApiError.BadRequest("json patch: missing \"value\"");

    static ApiError Unprocessable(string message) => new(422, "Invalid", message);

    static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw Unprocessable($"json patch: invalid path \"{pointer}\"");
        return [.. pointer[1..].Split('/')
            .Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    /// <summary>The container holding the pointer's last token (the synthetic root holds the document as "doc").</summary>
    static (JsonNode Parent, string Token) Parent(JsonObject root, string pointer)
    {
        var tokens = Tokens(pointer);
        JsonNode parent = root;
        var token = "doc";
        foreach (var next in tokens)
        {
            parent = Child(parent, token) ?? throw Unprocessable($"json patch: doc is missing path: \"{pointer}\"");
            token = next;
        }
        return (parent, token);
    }

    static JsonNode? Child(JsonNode parent, string token) => parent switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    static JsonNode? Find(JsonObject root, string pointer)
    {
        var (parent, token) = Parent(root, pointer);
        return parent switch
        {
            JsonObject o when o.TryGetPropertyValue(token, out var value) => value,
            JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
            _ => throw Unprocessable($"json patch: doc is missing path: \"{pointer}\""),
        };
    }

    static void Add(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, token) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o[token] = value;
                break;
            case JsonArray a when token == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Unprocessable($"json patch: add operation does not apply: doc is missing path: \"{pointer}\"");
        }
    }

    static JsonNode? Remove(JsonObject root, string pointer)
    {
        var (parent, token) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(token, out var value):
                o.Remove(token);
                return value;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Unprocessable($"json patch: remove operation does not apply: doc is missing path: \"{pointer}\"");
        }
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>An integer however the node holds it (parsed JSON, a long or an int put by a test).</summary>
    public static long? Long(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The string a field selector compares: strings as they are, numbers and booleans as JSON writes them,
    /// anything missing as "".</summary>
    public static string FieldText(JsonNode? root, string dottedPath)
    {
        var node = root;
        foreach (var part in dottedPath.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => node.ToJsonString(),
        };
    }
}
