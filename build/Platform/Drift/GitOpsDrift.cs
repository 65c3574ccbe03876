using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Manifests;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Drift;

/// <summary>The GitOps half of Drift for one cluster (docs/drift.md): for the root and each child Application whose
/// status lists resources out of sync, each such object as it is live against the object Git renders for that
/// Application's path (the rendering Verify uses), field by field.</summary>
public sealed class GitOpsDrift(Cluster cluster, PlatformNames names, string repositoryRoot)
{
    readonly LiveObjects _live = new(cluster);

    public async Task<IReadOnlyList<DriftRow>> ReadAsync(CancellationToken ct)
    {
        if (await ApplicationTree.ReadAsync(cluster, names.RootApplication, ct) is not var (root, children))
            throw new TargetFailedException($"there is no root Application {names.RootApplication} at {cluster.Server}: nothing to " +
                "compare with Git");
        var repository = ApplicationTree.RepoUrl(root);
        var rows = new List<DriftRow>();
        foreach (var app in children.Prepend(root))
        {
            if (ApplicationState.From(app).OutOfSync is { Count: > 0 } outOfSync)
                rows.AddRange(await CompareAsync(app, repository, outOfSync, ct));
        }
        return rows;
    }

    async Task<IReadOnlyList<DriftRow>> CompareAsync(JsonObject app, string? repository, IReadOnlyList<ApplicationResource> resources,
        CancellationToken ct)
    {
        var name = KubernetesObjects.Text(app["metadata"]?["name"]) ?? "?";
        var source = ApplicationTree.Source(app);
        var path = KubernetesObjects.Text(source?["path"]);
        var destination = KubernetesObjects.Text(app["spec"]?["destination"]?["namespace"]);
        if (ApplicationTree.RepoUrl(app) != repository || path is null
            || !File.Exists(Path.Combine(repositoryRoot, path, "kustomization.yaml")))
        {
            var from = KubernetesObjects.Text(source?["chart"]) is { } chart ? $"chart {chart} from {ApplicationTree.RepoUrl(app)}"
                : $"{path ?? "?"} in {ApplicationTree.RepoUrl(app)}";
            return [.. resources.Select(r => Row(name, r.Id, "", DriftClass.Unexplained, $"out of sync; its source ({from}) is not " +
                "rendered here", $"argocd app diff {name} shows Argo CD's own diff"))];
        }

        var rendered = await Rendering.RenderAsync(repositoryRoot, path, ct);
        if (rendered.Failure is { } failure)
            return [Row(name, path, "", DriftClass.Unexplained, failure.Message, failure.Fix)];

        var rows = new List<DriftRow>();
        foreach (var resource in resources)
        {
            var (group, kind, ns) = (resource.Group, resource.Kind, resource.Namespace);
            var git = rendered.Objects.FirstOrDefault(o => o.Group == group && o.Kind == kind && o.Name == resource.Name
                && (o.Namespace ?? (ns is null ? null : destination)) == ns);
            var type = await _live.ResourceAsync(group, resource.Version ?? git?.Version ?? "v1", kind, ct);
            var live = type is null ? null : await _live.GetAsync(type, ns, resource.Name, ct);
            var id = resource.Id;
            if (git is null && live is null) continue;
            if (live is null)
            {
                rows.Add(Row(name, id, "", DriftClass.MissingInCluster, $"{git!.SourceFile} has it, the cluster does not",
                    $"sync {name}: argocd app sync {name}"));
                continue;
            }
            if (git is null)
            {
                rows.Add(Row(name, id, "", DriftClass.NotInGit, $"the cluster has it, {path} does not render it",
                    $"prune it (argocd app sync {name} --prune), or add it under {path}"));
                continue;
            }
            var differences = ObjectDiff.Compare(git.Body, live, await _live.SchemaAsync(type!, ct));
            if (differences.Count == 0)
                rows.Add(Row(name, id, "", DriftClass.Unexplained, "Argo CD says out of sync; the fields compared here agree",
                    $"argocd app diff {name} shows Argo CD's own diff"));
            var hidden = group.Length == 0 && kind == "Secret";
            rows.AddRange(differences.Select(d => Row(name, id, d.Path.ToString(), d.Class, Detail(d, hidden),
                Remedy(d, name, git.SourceFile, hidden))));
        }
        return rows;
    }

    static DriftRow Row(string app, string obj, string field, DriftClass drift, string detail, string remedy) =>
        new(DriftRow.GitOps, app, obj, field, drift, detail, remedy);

    static string Detail(FieldDifference d, bool hidden)
    {
        string Value(JsonNode? v) => hidden ? "(a Secret's value, not shown)" : Show(v);
        var by = d.Manager is { } m ? $", set by {m}" : "";
        return d.Class switch
        {
            DriftClass.DefaultedByApiServer => $"the cluster has {Value(d.Live)}, Git leaves it out: the CRD's default",
            DriftClass.MissingInCluster when d.Live is null => $"Git has {Value(d.Git)}, the cluster does not",
            _ when d.Git is null => $"the cluster has {Value(d.Live)}, Git leaves it out{by}",
            _ => $"Git {Value(d.Git)}, the cluster {Value(d.Live)}{by}",
        };
    }

    static string Remedy(FieldDifference d, string app, string file, bool hidden) => d.Class switch
    {
        DriftClass.DefaultedByApiServer => $"pin it in {file}: {d.Path.Leaf ?? d.Path.ToString()}: {(hidden ? "…" : Show(d.Live))}",
        DriftClass.EditedByHand => $"revert it (argocd app sync {app}) or commit it to {file}",
        DriftClass.ChangedByController => $"{d.Manager} owns it: let {app} ignore it (ignoreDifferences, managedFieldsManagers: " +
            $"[{d.Manager}]) or stop {d.Manager} changing it",
        DriftClass.MissingInCluster => $"sync {app}: argocd app sync {app}",
        _ => $"remove it from the cluster, or add it to {file}",
    };

    /// <summary>A value in one short line.</summary>
    static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..57] + "…" : text;
    }
}
