using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Drift;

/// <summary>One field where the live object and Git differ, classified (docs/drift.md#classes).</summary>
public sealed record FieldDifference(FieldPath Path, JsonNode? Git, JsonNode? Live, DriftClass Class, string? Manager);

/// <summary>The live object against the one Git renders, field by field, leaving out what the API server always owns
/// (status, and metadata it writes) and what Argo CD adds to track the object. A field the cluster has and Git leaves
/// out is defaulted when the custom resource's schema defaults it to that value; else its field manager says who set
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
        var owners = new FieldOwners(live);
        var differences = new List<FieldDifference>();
        var gitView = Comparable(git, git);
        var liveView = Comparable(live, git);
        Walk(gitView, liveView, FieldPath.Root, schema, owners, differences);
        return differences;
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

    static void Walk(JsonNode? git, JsonNode? live, FieldPath path, JsonObject? schema, FieldOwners owners, List<FieldDifference> found)
    {
        switch (git, live)
        {
            case (JsonObject g, JsonObject l):
                foreach (var (key, value) in g)
                    if (!l.ContainsKey(key)) found.Add(new(path.Then(key), value, null, DriftClass.MissingInCluster, null));
                    else Walk(value, l[key], path.Then(key), schema, owners, found);
                foreach (var (key, value) in l.Where(p => !g.ContainsKey(p.Key)))
                    LiveOnly(path.Then(key), value, schema, owners, found);
                break;
            case (JsonArray g, JsonArray l):
                for (var i = 0; i < Math.Max(g.Count, l.Count); i++)
                    if (i >= l.Count) found.Add(new(path.Then(i), g[i], null, DriftClass.MissingInCluster, null));
                    else if (i >= g.Count) LiveOnly(path.Then(i), l[i], schema, owners, found);
                    else Walk(g[i], l[i], path.Then(i), schema, owners, found);
                break;
            default:
                if (!Same(git, live)) Changed(path, git, live, owners, found);
                break;
        }
    }

    static void Changed(FieldPath path, JsonNode? git, JsonNode? live, FieldOwners owners, List<FieldDifference> found)
    {
        var managers = owners.Of(path);
        if (managers.FirstOrDefault(FieldOwners.IsHand) is { } hand) found.Add(new(path, git, live, DriftClass.EditedByHand, hand));
        else if (managers.FirstOrDefault(m => !FieldOwners.IsArgoCd(m)) is { } controller)
            found.Add(new(path, git, live, DriftClass.ChangedByController, controller));
        // Argo CD's own earlier value: Git changed and the cluster has not caught up.
        else found.Add(new(path, git, live, DriftClass.MissingInCluster, First(managers)));
    }

    static void LiveOnly(FieldPath path, JsonNode? live, JsonObject? schema, FieldOwners owners, List<FieldDifference> found)
    {
        // A custom resource's defaults sit on leaves (or inside an enclosing default): look at each leaf.
        if (schema is not null && live is JsonObject or JsonArray && SchemaDefaults.At(schema, path) is null)
        {
            if (live is JsonObject obj) foreach (var (key, value) in obj) LiveOnly(path.Then(key), value, schema, owners, found);
            else for (var i = 0; i < ((JsonArray)live).Count; i++) LiveOnly(path.Then(i), live[i], schema, owners, found);
            return;
        }
        if (SchemaDefaults.At(schema, path) is { } defaulted && Same(defaulted, live))
        {
            found.Add(new(path, null, live, DriftClass.DefaultedByApiServer, null));
            return;
        }
        var managers = owners.Of(path);
        if (managers.FirstOrDefault(FieldOwners.IsHand) is { } hand) found.Add(new(path, null, live, DriftClass.EditedByHand, hand));
        else if (managers.FirstOrDefault(m => !FieldOwners.IsArgoCd(m)) is { } controller)
            found.Add(new(path, null, live, DriftClass.ChangedByController, controller));
        else if (schema is not null) found.Add(new(path, null, live, DriftClass.NotInGit, First(managers)));
    }

    static string? First(IReadOnlyList<string> managers) => managers.Count > 0 ? managers[0] : null;

    static bool Same(JsonNode? a, JsonNode? b) =>
        JsonNode.DeepEquals(a, b) || (a?.ToJsonString() ?? "null") == (b?.ToJsonString() ?? "null");
}
