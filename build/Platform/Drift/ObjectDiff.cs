using System.Text.Json.Nodes;
using Trinity.Build.Platform.Manifests.Schemas;

namespace Trinity.Build.Platform.Drift;

/// <summary>One field where the live object and Git differ, classified (docs/drift.md#classes).</summary>
public sealed record FieldDifference(FieldPath Path, JsonNode? Git, JsonNode? Live, DriftClass Class, string? Manager);

/// <summary>The live object against the one Git renders, field by field, leaving out what the API server always owns
/// (status, and metadata it writes) and what Argo CD adds to track the object. A field the cluster has and Git leaves
/// out is defaulted when the custom resource's schema defaults it to that value (read as Verify's crd-default rule
/// reads it); else its field manager says who set
/// it. On a built-in kind such a field that no person or controller owns is the API server's own default, which Argo
/// CD's diff ignores too, and is left out.</summary>
public static class ObjectDiff
{
    static readonly string[] ServerMetadata = ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences"];

    static readonly string[] TrackingAnnotations =
        ["kubectl.kubernetes.io/last-applied-configuration", ArgoCd.ArgoCdKinds.TrackingAnnotation];

    public static IReadOnlyList<FieldDifference> Compare(JsonObject git, JsonObject live, JsonObject? schema)
    {
        // What the schema would default among the fields Git leaves out: Verify's own reading (CrdDefaults).
        var defaults = schema is null ? []
            : CrdDefaults.Find(schema, git).ToDictionary(m => m.Path, m => m.Default, StringComparer.Ordinal);
        var walk = new Walker(new FieldOwners(live), defaults, IsCustom: schema is not null);
        walk.Walk(Comparable(git, git), Comparable(live, git), FieldPath.Root);
        return walk.Found;
    }

    static JsonObject Comparable(JsonObject body, JsonObject git)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerMetadata) metadata.Remove(field);
            if (git["metadata"]?["namespace"] is null) metadata.Remove("namespace");
            if (metadata["annotations"] is JsonObject annotations)
            {
                foreach (var annotation in TrackingAnnotations) annotations.Remove(annotation);
                if (annotations.Count == 0 && git["metadata"]?["annotations"] is null) metadata.Remove("annotations");
            }
        }
        return copy;
    }

    sealed record Walker(FieldOwners Owners, Dictionary<string, JsonNode?> Defaults, bool IsCustom)
    {
        public List<FieldDifference> Found { get; } = [];

        public void Walk(JsonNode? git, JsonNode? live, FieldPath path)
        {
            switch (git, live)
            {
                case (JsonObject g, JsonObject l):
                    foreach (var (key, value) in g)
                        if (!l.ContainsKey(key)) Found.Add(new(path.Then(key), value, null, DriftClass.MissingInCluster, null));
                        else Walk(value, l[key], path.Then(key));
                    foreach (var (key, value) in l.Where(p => !g.ContainsKey(p.Key))) LiveOnly(path.Then(key), value);
                    break;
                case (JsonArray g, JsonArray l):
                    for (var i = 0; i < Math.Max(g.Count, l.Count); i++)
                        if (i >= l.Count) Found.Add(new(path.Then(i), g[i], null, DriftClass.MissingInCluster, null));
                        else if (i >= g.Count) LiveOnly(path.Then(i), l[i]);
                        else Walk(g[i], l[i], path.Then(i));
                    break;
                default:
                    if (!Same(git, live)) Changed(path, git, live);
                    break;
            }
        }

        void Changed(FieldPath path, JsonNode? git, JsonNode? live)
        {
            var managers = Owners.Of(path);
            if (managers.FirstOrDefault(FieldOwners.IsHand) is { } hand) Found.Add(new(path, git, live, DriftClass.EditedByHand, hand));
            else if (managers.FirstOrDefault(m => !FieldOwners.IsArgoCd(m)) is { } controller)
                Found.Add(new(path, git, live, DriftClass.ChangedByController, controller));
            // Argo CD's own earlier value: Git changed and the cluster has not caught up.
            else Found.Add(new(path, git, live, DriftClass.MissingInCluster, First(managers)));
        }

        void LiveOnly(FieldPath path, JsonNode? live)
        {
            var defaulted = Defaults.TryGetValue(path.ToString(), out var value);
            if (defaulted && Same(value, live))
            {
                Found.Add(new(path, null, live, DriftClass.DefaultedByApiServer, null));
                return;
            }
            // A custom resource's defaults sit on leaves: look at each one of a subtree that is not defaulted whole.
            if (IsCustom && live is JsonObject or JsonArray)
            {
                if (live is JsonObject obj) foreach (var (key, child) in obj) LiveOnly(path.Then(key), child);
                else for (var i = 0; i < ((JsonArray)live).Count; i++) LiveOnly(path.Then(i), live[i]);
                return;
            }
            var managers = Owners.Of(path);
            if (managers.FirstOrDefault(FieldOwners.IsHand) is { } hand) Found.Add(new(path, null, live, DriftClass.EditedByHand, hand));
            else if (managers.FirstOrDefault(m => !FieldOwners.IsArgoCd(m)) is { } controller)
                Found.Add(new(path, null, live, DriftClass.ChangedByController, controller));
            else if (IsCustom) Found.Add(new(path, null, live, DriftClass.NotInGit, First(managers)));
        }
    }

    static string? First(IReadOnlyList<string> managers) => managers.Count > 0 ? managers[0] : null;

    static bool Same(JsonNode? a, JsonNode? b) =>
        JsonNode.DeepEquals(a, b) || (a?.ToJsonString() ?? "null") == (b?.ToJsonString() ?? "null");
}
