using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Manifests;

/// <summary>One rendered Kubernetes object and the file in Git it came from.</summary>
public sealed record ManifestObject(JsonObject Body, string SourceFile, string RenderedFrom)
{
    public string ApiVersion => Text("apiVersion");
    public string Kind => Text("kind");
    public string Name => Body["metadata"]?["name"]?.GetValue<string>() ?? "";
    public string? Namespace => Body["metadata"]?["namespace"]?.GetValue<string>();

    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";
    public string Version => ApiVersion.Contains('/') ? ApiVersion[(ApiVersion.IndexOf('/') + 1)..] : ApiVersion;

    /// <summary>How findings name it: Kind/name, or Kind/namespace/name.</summary>
    public string Id => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    public bool Is(Kubernetes.CustomKind kind) => Group == kind.Group && Kind == kind.Kind;

    public string? Annotation(string key) => Body["metadata"]?["annotations"]?[key]?.GetValue<string>();

    public JsonNode? At(params string[] path)
    {
        JsonNode? node = Body;
        foreach (var step in path) node = node is JsonArray a && int.TryParse(step, out var i) ? (i < a.Count ? a[i] : null) : node?[step];
        return node;
    }

    public string? TextAt(params string[] path) => At(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    string Text(string property) => Body[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
