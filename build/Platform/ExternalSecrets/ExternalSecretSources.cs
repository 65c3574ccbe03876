using System.Text.Json.Nodes;
using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.ExternalSecrets;

/// <summary>Where an ExternalSecret's values come from, read once from its spec: backend keys through
/// spec.secretStoreRef (spec.data[].remoteRef, spec.dataFrom[].extract), and generators
/// (spec.dataFrom[].sourceRef.generatorRef), which need no store at all (docs/grafana.md#generated-secrets).</summary>
public sealed record ExternalSecretSources(IReadOnlyList<string> RemoteKeys, bool ReadsStore, IReadOnlyList<GeneratorRef> Generators,
    string? RefreshPolicy, string? RefreshInterval)
{
    public const string CreatedOnce = "CreatedOnce", OnChange = "OnChange";

    public static ExternalSecretSources Of(JsonObject externalSecret)
    {
        var spec = externalSecret["spec"];
        var data = (spec?["data"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var dataFrom = (spec?["dataFrom"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var generators = dataFrom.Select(d => d["sourceRef"]?["generatorRef"]).OfType<JsonObject>()
            .Select(g => new GeneratorRef(KubernetesObjects.Text(g["apiVersion"]), KubernetesObjects.Text(g["kind"]) ?? "",
                KubernetesObjects.Text(g["name"]) ?? ""))
            .ToList();
        // An entry with a sourceRef of its own (a generator, or another store) does not read spec.secretStoreRef.
        var fromStore = data.Where(d => d["sourceRef"] is null).Concat(dataFrom.Where(d => d["sourceRef"] is null)).ToList();
        var keys = fromStore.Select(d => KubernetesObjects.Text(d["remoteRef"]?["key"]) ?? KubernetesObjects.Text(d["extract"]?["key"]))
            .OfType<string>().ToList();
        return new ExternalSecretSources(keys, fromStore.Count > 0, generators, KubernetesObjects.Text(spec?["refreshPolicy"]),
            KubernetesObjects.Text(spec?["refreshInterval"]));
    }

    /// <summary>Synced once, never again (CreatedOnce): a spec change does not move syncedResourceVersion on.</summary>
    public bool SyncsOnce => RefreshPolicy == CreatedOnce;

    /// <summary>ESO's default policy (Periodic) reads again every refreshInterval; from a generator that is a new value
    /// each time (an interval of 0 means once, docs/grafana.md#generated-secrets).</summary>
    public bool RegeneratesPeriodically => Generators.Count > 0 && RefreshPolicy is not (CreatedOnce or OnChange)
        && RefreshInterval is not ("0" or "0s");
}

/// <summary>A generator an ExternalSecret reads (apiVersion as written; ESO's CRD defaults it to v1alpha1).</summary>
public sealed record GeneratorRef(string? ApiVersion, string Kind, string Name);
