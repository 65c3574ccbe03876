using System.Text.Json.Nodes;
using Engine.Text;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.ExternalSecrets;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Each cloud's overlays read exactly that cloud's backend catalog, through that cloud's store; every
/// ClusterSecretStore's serviceAccountRef names its namespace (else the store is "referent" and never validates). An
/// ExternalSecret that reads only generators reads no backend and names no store.</summary>
public static class CatalogRule
{
    public const string CatalogId = "catalog", StoreId = "store";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var cloud in Cloud.All)
        {
            var names = context.Names(cloud);
            var overlays = new[] { PlatformNamespaces.SecretsDemo, PlatformNamespaces.Observability }.SelectMany(context.Overlays)
                .Where(x => x.Cloud == cloud).Select(x => x.Directory).ToList();
            if (overlays.Count == 0) continue;
            var catalog = names.BackendSecrets.Select(s => s.Name).ToList();
            var seen = new HashSet<string>();

            foreach (var (overlay, es) in overlays.SelectMany(d => d.Objects.Select(o => (Overlay: d, Object: o)))
                .Where(x => x.Object.Is(EsoKinds.ExternalSecret)))
            {
                var sources = ExternalSecretSources.Of(es.Body);
                foreach (var key in sources.RemoteKeys)
                {
                    seen.Add(key);
                    if (!catalog.Contains(key))
                        yield return Finding.For(WhereWritten(context, overlay, es, key), CatalogId,
                            $"remoteRef key '{key}' is not in the {cloud.Name} backend catalog for environment " +
                                $"{context.Environment}{Suggestions.DidYouMean(key, catalog)}",
                            $"use one of {string.Join(", ", catalog)}");
                }
                if (!sources.ReadsStore) continue;
                var storeKind = es.TextAt("spec", "secretStoreRef", "kind");
                var storeName = es.TextAt("spec", "secretStoreRef", "name");
                if (storeKind != "ClusterSecretStore" || storeName != names.SecretStore)
                    yield return Finding.For(WhereWritten(context, overlay, es, storeName ?? ""), StoreId,
                        $"reads from {storeKind ?? "SecretStore"} '{storeName}', not this cloud's ClusterSecretStore '{names.SecretStore}'",
                        $"set spec.secretStoreRef to {{kind: ClusterSecretStore, name: {names.SecretStore}}}");
            }
            foreach (var missing in catalog.Where(n => !seen.Contains(n)))
                yield return new Finding(overlays[0].Directory + "/kustomization.yaml", "-", CatalogId,
                    $"no ExternalSecret of the {cloud.Name} overlays reads backend secret {missing}",
                        "read it from the ExternalSecret that needs it (see the catalog in build/Platform/Naming)");

            foreach (var store in overlays.SelectMany(d => d.Objects).Where(o => o.Is(EsoKinds.ClusterSecretStore))
                .DistinctBy(o => o.SourceFile))
            {
                var providers = (store.At("spec", "provider") as JsonObject)?.Select(p => p.Key).ToList() ?? [];
                if (store.Name != names.SecretStore || providers.Count != 1 || providers[0] != names.StoreProvider)
                    yield return Finding.For(store, StoreId,
                        $"the {cloud.Name} store must be '{names.SecretStore}' with provider '{names.StoreProvider}', found " +
                            $"'{store.Name}' with provider {string.Join(", ", providers)}",
                        $"name it {names.SecretStore} and configure spec.provider.{names.StoreProvider} only");
            }
        }

        foreach (var store in context.Objects.Where(o => o.Is(EsoKinds.ClusterSecretStore)).DistinctBy(o => (o.SourceFile, o.Name)))
        foreach (var (path, reference) in ServiceAccountRefs(store.At("spec"), "spec"))
            if (reference["namespace"] is null)
                yield return Finding.For(store, StoreId,
                    $"{path} has no namespace: a ClusterSecretStore then becomes \"referent\" and never validates",
                    $"set {path}.namespace ({PlatformNamespaces.ExternalSecrets})");
    }

    /// <summary>An overlay patches the base, but kustomize's origin names the base file: point at the overlay file
    /// that holds the value, when one does.</summary>
    static ManifestObject WhereWritten(VerifyContext context, RenderedDirectory overlay, ManifestObject o, string value)
    {
        var folder = Path.Combine(context.Root, overlay.Directory);
        var file = value.Length == 0 ? null : Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)
            .FirstOrDefault(f => File.ReadAllText(f).Contains(value, StringComparison.Ordinal));
        return file is null ? o : o with { SourceFile = Path.GetRelativePath(context.Root, file).Replace('\\', '/') };
    }

    static IEnumerable<(string Path, JsonObject Reference)> ServiceAccountRefs(JsonNode? node, string path)
    {
        if (node is JsonObject o)
            foreach (var (key, value) in o)
            {
                if (key == "serviceAccountRef" && value is JsonObject reference) yield return ($"{path}.{key}", reference);
                else foreach (var found in ServiceAccountRefs(value, $"{path}.{key}")) yield return found;
            }
        else if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++)
                foreach (var found in ServiceAccountRefs(a[i], $"{path}[{i}]")) yield return found;
    }
}
