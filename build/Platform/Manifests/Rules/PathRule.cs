using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Argo CD points at what exists: every root Application (platform/argocd/roots/&lt;env&gt;-&lt;cloud&gt;) is
/// named for its cluster and, like every child, names a path that holds a kustomization.</summary>
public static class PathRule
{
    public const string Id = "app-path";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var root in context.Roots)
        {
            var folder = Path.GetFileName(root.RenderedFrom);
            var dash = folder.LastIndexOf('-');
            if (dash > 0 && Cloud.All.FirstOrDefault(c => c.Name == folder[(dash + 1)..]) is { } cloud)
            {
                var names = new PlatformNames(folder[..dash], cloud);
                if (root.Name != names.RootApplication)
                    yield return Finding.For(root, Id, $"the root Application of {names.Cluster} must be named {names.RootApplication}",
                        $"set namePrefix: {names.Cluster}- in {root.RenderedFrom}/kustomization.yaml");
            }
            else yield return Finding.For(root, Id, $"{root.RenderedFrom} is not named <environment>-<cloud>",
                $"declare environments in {EnvironmentDeclaration.Folder}: GenerateEnvironments names their roots <environment>-<cloud>");
        }

        foreach (var app in context.Objects.Where(Applications.IsApplication).DistinctBy(a => (a.SourceFile, a.Name)))
        foreach (var path in Applications.Sources(app).Select(s => Applications.Text(s, "path")).OfType<string>())
        {
            if (!File.Exists(Path.Combine(context.Root, path, "kustomization.yaml")))
                yield return Finding.For(app, Id, $"source path {path} holds no kustomization.yaml: Argo CD would find nothing to sync",
                    "point spec.source.path at a folder under platform/ with a kustomization.yaml");
        }
    }
}
