using System.Text.RegularExpressions;
using Engine;
using Spectre.Console;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Promotion;

/// <summary>Promote: the one revision every cloud of the source environment runs becomes the pinned revision of the
/// target's declaration (docs/promotion.md). Nothing is written unless every cloud agrees and is done.</summary>
public static partial class Promotion
{
    [GeneratedRegex(@"^revision:[^\n]*$", RegexOptions.Multiline)]
    private static partial Regex RevisionLine();

    /// <summary>Reads every cloud of <paramref name="from"/> (each from its kubeconfig.&lt;cloud&gt;.yaml), and when they
    /// agree pins <paramref name="to"/>'s declaration to their commit and regenerates its files. The commit, or null when
    /// <paramref name="to"/> is pinned to it already.</summary>
    public static async Task<string?> RunAsync(string root, EnvironmentDeclaration from, EnvironmentDeclaration to, EnvironmentFiles files,
        Remedies remedies, CancellationToken ct)
    {
        var clouds = await Task.WhenAll(from.Clouds.Select(cloud =>
        {
            var names = new PlatformNames(from.Name, cloud);
            return SyncedRevision.ReadAsync(() => ClusterConnection.Connect(cloud, new InfraStack(names).KubeconfigFile, remedies),
                names, remedies, ct);
        }));
        var revision = Agreed(from, to, clouds);
        if (to.Revision == revision)
        {
            Log.Success($"{to.Name} is pinned to {revision} already: nothing to promote");
            return null;
        }
        var file = Path.Combine(root, to.File);
        Files.Write(file, Pinned(await File.ReadAllTextAsync(file, ct), revision));
        files.Write([EnvironmentDeclaration.Find(root, to.Name)!]);
        Log.Success($"{to.Name}: {to.Revision} → {revision} ({from.Name}'s, on {string.Join(", ", from.Clouds.Select(c => c.Name))})");
        await PrintChangesAsync(to.Revision, revision, ct);
        return revision;
    }

    /// <summary>The one revision to promote, or a refusal that names each cloud that stands in the way.</summary>
    static string Agreed(EnvironmentDeclaration from, EnvironmentDeclaration to, IReadOnlyList<SyncedRevision> clouds)
    {
        Print(from, clouds);
        var problems = clouds.Where(c => c.Problem is not null).ToList();
        if (problems.Count > 0)
            throw new TargetRefusedException($"cannot promote {from.Name} to {to.Name}, nothing was written: " +
                string.Join("; ", problems.Select(p => $"{p.Cloud.Name}: {p.Problem}")));
        var revisions = clouds.GroupBy(c => c.Revision!).ToList();
        if (revisions.Count > 1)
            throw new TargetRefusedException($"cannot promote {from.Name} to {to.Name}, nothing was written: its clouds disagree (" +
                string.Join(", ", clouds.Select(c => $"{c.Cloud.Name} at {SyncedRevision.Short(c.Revision!)}")) +
                $"); wait until every cloud of {from.Name} has synced the same commit");
        return revisions[0].Key;
    }

    /// <summary>The declaration with its revision line replaced, comments and all else kept.</summary>
    public static string Pinned(string declarationText, string revision) =>
        RevisionLine().IsMatch(declarationText) ? RevisionLine().Replace(declarationText, $"revision: {revision}", 1)
            : $"revision: {revision}\n{declarationText}";

    /// <summary>What changes under platform/ between the revision the target follows now and the promoted one, from
    /// this clone's history; a revision the clone does not have is named, with the fetch that brings it.</summary>
    static async Task PrintChangesAsync(string before, string after, CancellationToken ct)
    {
        var from = await Git.CommitAsync(before, ct);
        var to = await Git.CommitAsync(after, ct);
        if (from is null || to is null)
        {
            Log.Warning($"this clone does not have {(to is null ? after : before)}: run git fetch origin, then git diff --stat " +
                $"{before} {after} -- platform/ shows what changes");
            return;
        }
        var (commits, files) = await Git.ChangesAsync(from, to, "platform", ct);
        if (commits.Count == 0 && files.Count == 0)
        {
            Log.Info($"nothing under platform/ changes between {SyncedRevision.Short(before)} and {SyncedRevision.Short(after)}");
            return;
        }
        Log.Info($"what changes under platform/ from {SyncedRevision.Short(before)} to {SyncedRevision.Short(after)} " +
            $"({commits.Count} commit{(commits.Count == 1 ? "" : "s")}):");
        foreach (var line in commits.Concat(files)) Log.Info($"  {line}");
    }

    static void Print(EnvironmentDeclaration from, IReadOnlyList<SyncedRevision> clouds)
    {
        Log.Info($"what the clusters of {from.Name} run:");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("cloud", "cluster", "revision", "state");
        foreach (var c in clouds)
            table.AddRow(c.Cloud.Name, c.Cluster, c.Revision is { } r ? SyncedRevision.Short(r) : "–",
                // Masked before the table wraps it: a wrapped line could split a secret.
                c.Problem is { } p ? $"[red]✖[/] {Markup.Escape(Secrets.Mask(p))}" : "[green]✔[/] Synced, Healthy");
        Log.Write(table);
    }
}
