using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>A child of a lower wave that holds the root's sync back (docs/argocd.md#a-wave-that-blocks-the-platform):
/// with the Application health check installed, a child that fails its wave fails the root's sync, so the children of
/// later waves are never created or synced for that commit. Found once here, for WaitForSync and Validate alike.</summary>
/// <param name="HeldBack">The later-wave children the root lists but has not synced: (name, wave, state).</param>
public sealed record WaveBlock(ApplicationState Blocker, ApplicationState Root,
    IReadOnlyList<(string Name, int Wave, string State)> HeldBack)
{
    /// <summary>The lowest-wave child that <paramref name="failed"/> judges failed while the root is not Synced and
    /// children of later waves are missing or not synced; null when nothing blocks.</summary>
    public static WaveBlock? Find(ApplicationState root, IReadOnlyList<ApplicationState> children, Func<ApplicationState, bool> failed)
    {
        if (root.Sync.Is(SyncStatus.Synced)) return null;
        var existing = children.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var blocker in children.Where(failed).OrderBy(c => c.Wave).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            var listed = root.OutOfSync.Where(r => r.Kind == ArgoCdKinds.Application.Kind && r.Wave > blocker.Wave)
                .Select(r => (r.Name, r.Wave, State: !existing.TryGetValue(r.Name, out var c) ? "not created"
                    : c.Sync.Is(SyncStatus.Synced) ? "not updated by the root" : c.Sync.ToString()));
            var unsynced = children.Where(c => c.Wave > blocker.Wave && !c.Sync.Is(SyncStatus.Synced))
                .Select(c => (c.Name, c.Wave, State: c.Sync.ToString()));
            var heldBack = listed.Concat(unsynced).DistinctBy(h => h.Name).OrderBy(h => h.Wave).ThenBy(h => h.Name, StringComparer.Ordinal)
                .ToList();
            if (heldBack.Count > 0) return new WaveBlock(blocker, root, heldBack);
        }
        return null;
    }

    /// <summary>Failed as a single reading sees it (Validate): Degraded, a failed sync, or an *Error condition.</summary>
    public static bool HasFailed(ApplicationState app) => app.Health.Is(HealthStatus.Degraded)
        || app.Operation is { Value: OperationPhase.Failed or OperationPhase.Error } || app.ErrorConditions.Any();

    /// <summary>One line: the blocking app in the words of its own status (health message, failed sync, error condition).</summary>
    public string Headline
    {
        get
        {
            var why = new List<string> { Blocker.HealthMessage is { Length: > 0 } m ? m : $"health {Blocker.Health}" };
            if (Blocker.Operation is { Value: OperationPhase.Failed or OperationPhase.Error } phase)
                why.Add($"its last sync {phase}{(Blocker.OperationMessage is { Length: > 0 } om ? $": {om}" : "")}");
            why.AddRange(Blocker.ErrorConditions.Select(c => $"{c.Type}: {c.Message}"));
            return $"wave {Blocker.Wave} app {Blocker.Name} is blocking the platform: {string.Join("; ", why)}";
        }
    }

    /// <summary>What waits behind it, and what the root's own operation says.</summary>
    public IReadOnlyList<string> Details(string rootName)
    {
        var lines = new List<string> { $"held back: {string.Join(", ", HeldBack.Select(h => $"{h.Name} (wave {h.Wave}, {h.State})"))}" };
        if (RootLine(Root, rootName) is { } root) lines.Add(root);
        return lines;
    }

    /// <summary>The root's failed or retrying sync in its own words, or null when it says nothing of one.</summary>
    public static string? RootLine(ApplicationState root, string rootName) =>
        root.GaveUp ? $"root {rootName} gave up on this revision: {root.OperationMessage?.TrimEnd('.')}; Argo CD does not sync it " +
                "again until the revision changes or someone syncs it (\"Skipping auto-sync: failed previous sync attempt\")"
            : root.Retrying ? $"root {rootName} keeps retrying (attempt {root.RetryCount}): {root.OperationMessage}"
            : null;

    /// <summary>Fix the blocker where it is deployed from; the root then syncs on its own, unless it gave up.</summary>
    public string Remedy(PlatformNames names, Remedies remedies)
    {
        var what = Blocker.SourcePath is { } path ? $"what {path} deploys" : $"what {Blocker.Name} deploys";
        var where = Blocker.Namespace is { } ns
            ? $" ({remedies.Kubectl(names.Cloud)} -n {ns} get events --field-selector type=Warning)" : "";
        var then = Root.GaveUp ? $"; {ResyncRoot(names, remedies)}" : $"; the root retries without limit and takes it up, then " +
            $"{remedies.WaitForSync(names.Cloud)}";
        return $"fix {what}{where} and push{then}";
    }

    /// <summary>A root that gave up syncs again on a new revision, or when asked (docs/argocd.md#retries).</summary>
    public static string ResyncRoot(PlatformNames names, Remedies remedies) =>
        $"a new commit makes the root sync again, or: {remedies.Kubectl(names.Cloud)} -n {PlatformNamespaces.ArgoCd} patch application " +
            $"{names.RootApplication} --type merge -p '{{\"operation\":{{\"sync\":{{\"syncStrategy\":{{\"hook\":{{}}}}}}}}}}'";
}
