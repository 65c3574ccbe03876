using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Argo CD points at what exists: every root Application (platform/argocd/roots/&lt;env&gt;-&lt;cloud&gt;.yaml) is
/// named for its cluster and, like every child, names a path that holds a kustomization.</summary>
public static class PathRule
{
    public const string Id = "app-path";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var root in context.Roots)
        {
            var file = Path.GetFileNameWithoutExtension(root.SourceFile);
            var dash = file.LastIndexOf('-');
            if (dash > 0 && Enum.TryParse<Cloud>(file[(dash + 1)..], ignoreCase: true, out var cloud))
            {
                var names = new PlatformNames(file[..dash], cloud);
                if (root.Name != names.RootApplication)
                    yield return Finding.For(root, Id, $"the root Application of {names.Cluster} must be named {names.RootApplication}", $"rename metadata.name to {names.RootApplication}");
            }
            else yield return Finding.For(root, Id, $"{root.SourceFile} is not named <environment>-<cloud>.yaml", "name root files like dev-gcp.yaml");
        }

        foreach (var app in context.Objects.Where(Applications.IsApplication).DistinctBy(a => (a.SourceFile, a.Name)))
        foreach (var path in Applications.Sources(app).Select(s => Applications.Text(s, "path")).OfType<string>())
        {
            if (!File.Exists(Path.Combine(context.Root, path, "kustomization.yaml")))
                yield return Finding.For(app, Id, $"source path {path} holds no kustomization.yaml: Argo CD would find nothing to sync", "point spec.source.path at a folder under platform/ with a kustomization.yaml");
        }
    }
}
