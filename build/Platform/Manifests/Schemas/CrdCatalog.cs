using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Manifests.Schemas;

/// <summary>One served version of a custom resource: its kind, scope and openAPIV3Schema.</summary>
public sealed record CrdVersion(string Group, string Version, string Kind, bool ClusterScoped, JsonObject Schema);

/// <summary>The pinned CRDs, by group, version and kind.</summary>
public sealed class CrdCatalog(IReadOnlyList<CrdVersion> versions)
{
    public IReadOnlyList<CrdVersion> Versions { get; } = versions;

    public CrdVersion? Find(string group, string version, string kind) =>
        Versions.FirstOrDefault(v => v.Group == group && v.Version == version && v.Kind == kind);

    public IEnumerable<CrdVersion> OfKind(string group, string kind) => Versions.Where(v => v.Group == group && v.Kind == kind);

    public bool Knows(string group, string kind) => OfKind(group, kind).Any();

    public static CrdCatalog Load(string folder, IReadOnlyList<PinnedCrd> pins)
    {
        var versions = new List<CrdVersion>();
        foreach (var pin in pins)
        foreach (var document in Yaml.Documents(File.ReadAllText(Path.Combine(folder, pin.File))))
        {
            var spec = document["spec"]!;
            var group = spec["group"]!.GetValue<string>();
            var kind = spec["names"]!["kind"]!.GetValue<string>();
            var clusterScoped = spec["scope"]?.GetValue<string>() == "Cluster";
            foreach (var version in spec["versions"]!.AsArray())
            {
                if (version!["served"]?.GetValue<bool>() != true) continue;
                if (version["schema"]?["openAPIV3Schema"] is JsonObject schema)
                    versions.Add(new CrdVersion(group, version["name"]!.GetValue<string>(), kind, clusterScoped, schema));
            }
        }
        return new CrdCatalog(versions);
    }
}
