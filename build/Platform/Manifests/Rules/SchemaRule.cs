namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Custom resources against the pinned CRD's openAPIV3Schema; every object for apiVersion, kind and name.</summary>
public static class SchemaRule
{
    public const string Id = "schema";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var o in context.Objects)
        {
            // kubectl kustomize refuses an object without a name, but passes one without apiVersion along.
            if (o.ApiVersion.Length == 0 || o.Kind.Length == 0 || o.Name.Length == 0)
            {
                yield return Finding.For(o, Id, "the object lacks apiVersion, kind or metadata.name",
                    "give every object apiVersion, kind and metadata.name");
                continue;
            }
            if (context.Crds is not { } crds || !crds.Knows(o.Group, o.Kind)) continue;
            if (crds.Find(o.Group, o.Version, o.Kind) is not { } crd)
            {
                var served = string.Join(", ", crds.OfKind(o.Group, o.Kind).Select(v => $"{v.Group}/{v.Version}"));
                yield return Finding.For(o, Id, $"apiVersion {o.ApiVersion} is not served by the pinned CRD", $"use apiVersion {served}");
                continue;
            }
            foreach (var (path, message, fix) in context.Validator.Validate(crd, o.Body))
                yield return Finding.For(o, Id, $"{(path.Length == 0 ? "the object" : path)} {message}", fix);
        }
    }
}
