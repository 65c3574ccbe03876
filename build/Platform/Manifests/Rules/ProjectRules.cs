using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>The AppProject and the Applications it admits: exact chart versions, exactly the source repositories
/// used, and exactly the cluster-scoped kinds the apps create.</summary>
public static partial class ProjectRules
{
    public const string PinId = "pin", RepoId = "source-repo", KindId = "cluster-kind";

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex ExactVersion();

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var app in context.Objects.Where(Applications.IsApplication))
        foreach (var source in Applications.Sources(app))
        {
            if (Applications.Text(source, "chart") is not { } chart) continue;
            var version = Applications.Text(source, "targetRevision") ?? "";
            if (!ExactVersion().IsMatch(version))
                yield return Finding.For(app, PinId, $"Helm chart {chart} is not pinned to an exact version (targetRevision '{version}')",
                    $"set spec.source.targetRevision to one exact chart version, e.g. 2.9.0");
        }

        var usedRepos = new HashSet<string>();
        var usedKinds = new HashSet<ClusterScopedKinds.GroupKind>();
        var projects = context.Objects.Where(Applications.IsProject).ToList();
        foreach (var (_, overlay) in context.Overlays("argocd"))
        foreach (var app in overlay.Objects.Where(Applications.IsApplication))
        {
            var project = overlay.Objects.FirstOrDefault(p => Applications.IsProject(p) && p.Name == Applications.Project(app));
            if (project is null)
            {
                yield return Finding.For(app, RepoId, $"its project '{Applications.Project(app)}' is not among the overlay's AppProjects",
                    "create the AppProject in platform/argocd or name an existing one");
                continue;
            }
            var allowedRepos = Strings(project.At("spec", "sourceRepos"));
            foreach (var repo in Applications.Sources(app).Select(s => Applications.Text(s, "repoURL")).OfType<string>())
            {
                usedRepos.Add(repo);
                if (!allowedRepos.Any(r => Matches(r, repo)))
                    yield return Finding.For(app, RepoId, $"source repository {repo} is not allowed by AppProject {project.Name}",
                        $"add {repo} to spec.sourceRepos in {project.SourceFile}");
            }
            foreach (var (kind, why) in ClusterKinds(context, app))
            {
                if (kind is null)
                {
                    yield return Finding.For(app, KindId, why,
                        "record the chart's cluster-scoped kinds in build/Platform/Manifests/Rules/ClusterScopedKinds.cs");
                    continue;
                }
                usedKinds.Add(kind);
                if (!Whitelisted(project, kind))
                    yield return Finding.For(app, KindId,
                        $"creates cluster-scoped {kind} ({why}), which AppProject {project.Name} does not whitelist: Argo CD refuses to " +
                            $"sync it",
                        $"add {{group: \"{kind.Group}\", kind: {kind.Kind}}} to spec.clusterResourceWhitelist in {project.SourceFile}");
            }
        }

        foreach (var project in projects.DistinctBy(p => (p.SourceFile, p.Name)))
        {
            foreach (var repo in Strings(project.At("spec", "sourceRepos")).Where(r => !usedRepos.Any(u => Matches(r, u))))
                yield return Finding.For(project, RepoId, $"allows source repository {repo}, which no Application uses",
                    $"remove {repo} from spec.sourceRepos (allow exactly what is used)");
            foreach (var entry in (project.At("spec", "clusterResourceWhitelist") as JsonArray ?? []).OfType<JsonObject>())
            {
                var kind = new ClusterScopedKinds.GroupKind(entry["group"]?.GetValue<string>() ?? "",
                    entry["kind"]?.GetValue<string>() ?? "");
                if (kind.Kind != "*" && !usedKinds.Contains(kind))
                    yield return Finding.For(project, KindId, $"whitelists cluster-scoped {kind}, which no Application creates",
                        $"remove it from spec.clusterResourceWhitelist (allow exactly what is created)");
            }
        }
    }

    /// <summary>The cluster-scoped kinds an Application creates, with the reason; a null kind when they cannot be known.</summary>
    static IEnumerable<(ClusterScopedKinds.GroupKind? Kind, string Why)> ClusterKinds(VerifyContext context, ManifestObject app)
    {
        if (Applications.CreatesNamespace(app)) yield return (new ClusterScopedKinds.GroupKind("", "Namespace"), "CreateNamespace=true");
        foreach (var source in Applications.Sources(app))
        {
            if (Applications.Text(source, "chart") is { } chart)
            {
                var version = Applications.Text(source, "targetRevision") ?? "";
                var kinds = ClusterScopedKinds.ChartKinds(Applications.Text(source, "repoURL") ?? "", chart, version);
                if (kinds is null) yield return (null, $"the cluster-scoped kinds of chart {chart} {version} are not recorded");
                else foreach (var k in kinds) yield return (k, $"chart {chart} {version}");
            }
            else if (Applications.Text(source, "path") is { } path)
            {
                foreach (var o in (context.Directory(path)?.Objects ?? []).Where(o => ClusterScopedKinds.IsClusterScoped(context, o)))
                    yield return (new ClusterScopedKinds.GroupKind(o.Group, o.Kind), $"{o.Id} in {o.SourceFile}");
            }
        }
    }

    static bool Whitelisted(ManifestObject project, ClusterScopedKinds.GroupKind kind) =>
        (project.At("spec", "clusterResourceWhitelist") as JsonArray ?? []).OfType<JsonObject>().Any(e =>
            Matches(e["group"]?.GetValue<string>() ?? "", kind.Group) && Matches(e["kind"]?.GetValue<string>() ?? "", kind.Kind));

    static bool Matches(string pattern, string value) => pattern == "*" || pattern == value;

    static IReadOnlyList<string> Strings(JsonNode? node) => [.. (node as JsonArray ?? []).Select(n => n?.GetValue<string>())
        .OfType<string>()];
}
