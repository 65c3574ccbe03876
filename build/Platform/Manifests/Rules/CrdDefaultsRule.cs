using System.Text.Json.Nodes;
using Trinity.Build.Platform.Manifests.Schemas;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Every field the pinned CRD schema defaults is spelled out in Git (see <see cref="CrdDefaults"/>).</summary>
public static class CrdDefaultsRule
{
    public const string Id = "crd-default";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        if (context.Crds is not { } crds) yield break;
        foreach (var o in context.Objects)
        {
            if (crds.Find(o.Group, o.Version, o.Kind) is not { } crd) continue;
            foreach (var missing in CrdDefaults.Find(crd.Schema, o.Body))
            {
                var value = missing.Default?.ToJsonString() ?? "null";
                yield return Finding.For(o, Id,
                    $"{missing.Path} is left out, but the CRD defaults it to {value}: the live object never matches Git and Argo CD " +
                        $"shows it OutOfSync",
                    $"set {missing.Path}: {Plain(missing.Default)} in {o.SourceFile}");
            }
        }
    }

    static string Plain(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";
}
