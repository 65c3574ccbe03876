using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Promotion;

/// <summary>The revision one cluster of an environment runs, as its Applications say (docs/promotion.md): the root and
/// every child are done (<see cref="ApplicationVerdict"/>: Synced, Healthy, reconciled after the last sync), and the
/// Applications that read this repository all synced one commit. Otherwise why not, in one line.</summary>
public sealed record SyncedRevision(Cloud Cloud, string Cluster, string? Revision, string? Problem)
{
    public static async Task<SyncedRevision> ReadAsync(Func<Cluster> connect, PlatformNames names, Remedies remedies,
        CancellationToken ct)
    {
        Cluster cluster;
        try
        {
            cluster = connect();
        }
        catch (TargetFailedException e)
        {
            return new SyncedRevision(names.Cloud, names.Cluster, null, e.Message);
        }
        using (cluster)
        {
            try
            {
                return await ReadAsync(cluster, names, ct);
            }
            catch (Exception e) when (ClusterAccess.IsClusterFailure(e))
            {
                return new SyncedRevision(names.Cloud, names.Cluster, null,
                    ClusterAccess.Describe(e, cluster, names.Cloud, remedies, "reading its Applications").Message);
            }
        }
    }

    static async Task<SyncedRevision> ReadAsync(Cluster cluster, PlatformNames names, CancellationToken ct)
    {
        SyncedRevision Refused(string problem) => new(names.Cloud, names.Cluster, null, problem);

        if (await ApplicationTree.ReadAsync(cluster, names.RootApplication, ct) is not var (root, children))
            return Refused($"no root Application {names.RootApplication} at {cluster.Server}");
        if (children.Count == 0) return Refused($"{names.RootApplication} has no child Applications yet");

        foreach (var app in children.Prepend(root))
        {
            var state = ApplicationState.From(app);
            var (progress, why) = ApplicationVerdict.Judge(state, null, TimeSpan.Zero, TimeSpan.Zero);
            if (progress != Progress.Done) return Refused($"{state.Name} is not done: {why}");
        }

        // Only the Applications that read this repository follow its revision; a chart's revision is its version.
        var repository = ApplicationTree.RepoUrl(root);
        var revisions = children.Prepend(root).Where(a => ApplicationTree.RepoUrl(a) == repository)
            .GroupBy(a => ApplicationState.From(a).Revision ?? "none")
            .Select(g => (Revision: g.Key, Apps: g.Select(Name).ToList()))
            .ToList();
        if (revisions.Count > 1)
            return Refused("its Applications synced different revisions: " +
                string.Join("; ", revisions.Select(r => $"{Short(r.Revision)} ({string.Join(", ", r.Apps)})")));
        return revisions[0].Revision == "none" ? Refused($"{names.RootApplication} reports no synced revision")
            : new SyncedRevision(names.Cloud, names.Cluster, revisions[0].Revision, null);
    }

    static string Name(JsonObject app) => KubernetesObjects.Text(app["metadata"]?["name"]) ?? "?";

    public static string Short(string revision) => revision.Length > 12 ? revision[..12] : revision;
}
