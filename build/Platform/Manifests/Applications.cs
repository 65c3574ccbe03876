using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Manifests;

/// <summary>Reading Argo CD Applications and AppProjects.</summary>
public static class Applications
{
    public const string WaveAnnotation = ArgoCd.ArgoCdKinds.WaveAnnotation;

    public static bool IsApplication(ManifestObject o) => o.Is(ArgoCd.ArgoCdKinds.Application);

    public static bool IsProject(ManifestObject o) => o.Is(ArgoCd.ArgoCdKinds.AppProject);

    public static IEnumerable<JsonObject> Sources(ManifestObject app) =>
        (app.At("spec", "source") is JsonObject single ? [single] : Array.Empty<JsonObject>())
        .Concat((app.At("spec", "sources") as JsonArray ?? []).OfType<JsonObject>());

    public static string? Text(JsonObject source, string field) => source[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s
        : null;

    public static int? Wave(ManifestObject o) => int.TryParse(o.Annotation(WaveAnnotation), out var w) ? w : null;

    public static bool CreatesNamespace(ManifestObject app) =>
        (app.At("spec", "syncPolicy", "syncOptions") as JsonArray ?? []).Any(o => o?.GetValue<string>() == "CreateNamespace=true");

    public static string Project(ManifestObject app) => app.TextAt("spec", "project") ?? "default";
}
