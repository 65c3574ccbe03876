using System.Diagnostics;
using Engine;
using Engine.Text;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.ArgoCd;

public sealed record WaveWaitOptions(TimeSpan WaveTimeout, TimeSpan DegradedGrace, string? ExpectedRevision);

/// <summary>WaitForSync for one cluster: the root's child Applications, wave by wave, each watched on its own
/// Application object rather than trusting the root's health (docs/argocd.md#app-of-apps: a parent can read a
/// child's stale Healthy). A wave is done when every app in it is done (<see cref="ApplicationVerdict"/>); it fails
/// at once on a failed operation or an *Error condition, and on its timeout names what it was still waiting for.
/// An unreachable cluster is waited for within the wave's timeout; refused credentials fail at once.</summary>
/// <param name="picture">Where the wave diagram of the last reading goes when the wait ends, however it ends.</param>
public sealed class SyncWaveWait(Cluster cluster, PlatformNames names, Remedies remedies, WaveWaitOptions options, WavePicture picture)
{
    const string Namespace = PlatformNamespaces.ArgoCd;

    bool _reached;
    ApplicationState? _root;
    IReadOnlyList<(ApplicationState App, Progress Progress, string Why)> _judged = [];

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await WaitAsync(ct);
        }
        finally
        {
            await picture.PublishAsync(_reached, _root, _judged);
        }
    }

    async Task WaitAsync(CancellationToken ct)
    {
        var watch = new ApplicationWatch(cluster.Api, Namespace);
        var started = Stopwatch.StartNew();
        var waveStarted = Stopwatch.StartNew();
        var degradedSince = new Dictionary<string, TimeSpan>();
        int? currentWave = null;
        using var live = Log.Live();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.WaveTimeout);
        IReadOnlyList<ApplicationState> last = [];
        ApplicationState? lastRoot = null;
        Exception? unreachable = null;

        try
        {
            await foreach (var snapshot in watch.SnapshotsAsync(TimeSpan.FromSeconds(1), timeout.Token))
            {
                unreachable = snapshot.Retrying;
                var clock = $"{Durations.Clock(waveStarted.Elapsed)} of {Durations.Format(options.WaveTimeout)}";
                if (snapshot.Apps is not { } apps)
                {
                    live.Update([$"cannot reach the cluster at {cluster.Server} yet ({Reason(unreachable)}); trying again"], clock);
                    continue;
                }
                if (!apps.TryGetValue(names.RootApplication, out var root))
                {
                    _reached = true;
                    live.Update([$"waiting for the root Application {names.RootApplication} in namespace {Namespace}"], clock);
                    continue;
                }
                var children = ApplicationTree.Children(root, apps, names.RootApplication).Select(ApplicationState.From)
                    .OrderBy(a => a.Wave)
                    .ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
                last = children;
                var rootState = ApplicationState.From(root);
                lastRoot = rootState;
                var now = started.Elapsed;
                foreach (var app in children)
                    if (app.Health.Is(HealthStatus.Degraded)) degradedSince.TryAdd(app.Name, now);
                    else degradedSince.Remove(app.Name);
                var judged = children.Select(a => (App: a, Verdict: ApplicationVerdict.Judge(a, options.ExpectedRevision,
                    degradedSince.TryGetValue(a.Name, out var since) ? now - since : TimeSpan.Zero, options.DegradedGrace))).ToList();
                (_reached, _root, _judged) = (true, rootState, [.. judged.Select(j => (j.App, j.Verdict.Progress, j.Verdict.Why))]);

                if (children.Count == 0 || !rootState.Sync.Is(SyncStatus.Synced))
                {
                    // The root is not through its waves: a failed lower-wave child may be what holds it back.
                    var failedApps = judged.Where(j => j.Verdict.Progress == Progress.Failed).Select(j => j.App.Name).ToHashSet();
                    if (WaveBlock.Find(rootState, children, a => failedApps.Contains(a.Name)) is { } block)
                        throw new TargetFailedException(Blocked(block));
                    if (rootState.GaveUp)
                        throw new TargetFailedException($"{names.Cluster}: {WaveBlock.RootLine(rootState, names.RootApplication)}\n" +
                            $"  → {WaveBlock.ResyncRoot(names, remedies)}");
                    live.Update([$"root {names.RootApplication}: {rootState.Sync}, {children.Count} child Applications so far",
                        .. judged.Select(j => Line(j.App, j.Verdict, int.MinValue))], clock);
                    continue;
                }
                var pending = WaveStates.Pending(judged.Select(j => (j.App.Wave, j.Verdict.Progress)));
                if (pending != currentWave && pending != int.MaxValue)
                {
                    // A new wave: its own timeout starts now.
                    currentWave = pending;
                    waveStarted.Restart();
                    timeout.CancelAfter(options.WaveTimeout);
                }
                live.Update([.. judged.Select(j => Line(j.App, j.Verdict, pending))],
                    $"wave {currentWave}: {Durations.Clock(waveStarted.Elapsed)} of {Durations.Format(options.WaveTimeout)}");

                if (judged.FirstOrDefault(j => j.Verdict.Progress == Progress.Failed
                    && j.App.Wave <= pending) is { App: { } failed } failure)
                    throw new TargetFailedException(Diagnose(failed, failure.Verdict.Why, "failed"));
                if (pending == int.MaxValue)
                {
                    var waves = string.Join(" · ", children.Select(c => c.Wave).Distinct());
                    Log.Success($"{names.RootApplication}: every wave done ({waves}), {children.Count} Applications Synced and Healthy " +
                        $"in {started.Elapsed.TotalSeconds:0.0}s");
                    Summary.Note($"waves {waves} done");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TargetFailedException(TimedOut(last, lastRoot, currentWave, unreachable));
        }
        catch (Exception e) when (ClusterAccess.IsClusterFailure(e))
        {
            throw ClusterAccess.Describe(e, cluster, names.Cloud, remedies, $"watching the Applications in {Namespace}");
        }
        throw new OperationCanceledException(ct);
    }

    string TimedOut(IReadOnlyList<ApplicationState> last, ApplicationState? root, int? wave, Exception? unreachable)
    {
        var after = $"timed out after {Durations.Format(options.WaveTimeout)}";
        if (unreachable is not null)
            return $"{names.Cluster}: {after}: cannot reach the cluster at {cluster.Server} ({Reason(unreachable)}); kubeconfig: " +
                $"{cluster.Kubeconfig}";
        // Still Degraded within its grace at the end: if it holds later waves back, that is the finding.
        if (root is not null && WaveBlock.Find(root, last, WaveBlock.HasFailed) is { } block) return Blocked(block, $"{after}: ");
        // Before the root synced, no wave was reached: every child not done yet is what it waited for.
        var waiting = last.Where(a => wave is null || a.Wave == wave)
            .Select(a => (App: a, Verdict: ApplicationVerdict.Judge(a, options.ExpectedRevision, TimeSpan.Zero, options.DegradedGrace)))
            .Where(j => j.Verdict.Progress != Progress.Done).ToList();
        return waiting.Count == 0
            ? $"{names.Cluster}: {after} waiting for the root {names.RootApplication} and its children (seen: {last.Count})\n" +
                $"  → {remedies.Kubectl(names.Cloud)} -n {Namespace} get application {names.RootApplication} -o yaml"
            : string.Join("\n", waiting.Select(w => Diagnose(w.App, w.Verdict.Why, $"{after} waiting for")));
    }


    /// <summary>One app's row: "done" once its wave is reached and it is done; a later wave's app whose state is
    /// already fine is "ready" (its wave has not begun, so nothing has been judged yet).</summary>
    static string Line(ApplicationState app, (Progress Progress, string Why) verdict, int pending)
    {
        var word = WaveStates.Of(verdict.Progress, app.Wave, pending) is var state and (WaveState.Done or WaveState.Ready)
            ? WaveStates.Word(state) : verdict.Why;
        return $"wave {app.Wave,-3} {app.Name,-34} {app.Sync,-10} {app.Health,-12} {word}";
    }

    /// <summary>The blocking app in one line, what it holds back and the root's word on it, then the remedies.</summary>
    string Blocked(WaveBlock block, string prefix = "") => string.Join("\n", [
        $"{names.Cluster}: {prefix}{block.Headline}", .. block.Details(names.RootApplication).Select(d => $"  {d}"),
        $"  → {block.Remedy(names, remedies)}",
        $"  → {remedies.Kubectl(names.Cloud)} -n {Namespace} get application {block.Blocker.Name} -o yaml",
    ]);

    string Diagnose(ApplicationState app, string why, string what)
    {
        var lines = new List<string>
        {
            $"{names.Cluster}: {what} {app.Name} (wave {app.Wave}): {why}",
            $"  sync {app.Sync}, health {app.Health}{(app.HealthMessage is { Length: > 0 } m ? $" ({m})" : "")}",
        };
        if (app.Operation is { } phase) lines.Add($"  last operation " +
            $"{phase}{(app.OperationMessage is { Length: > 0 } om ? $": {om}" : "")}");
        foreach (var (type, message) in app.ErrorConditions) lines.Add($"  condition {type}: {message}");
        if (app.OutOfSync.Count > 0) lines.Add($"  out of sync: {string.Join(", ", app.OutOfSync.Select(r => r.Id))}");
        lines.Add($"  → {remedies.Kubectl(names.Cloud)} -n {Namespace} get application {app.Name} -o yaml");
        return string.Join("\n", lines);
    }

    static string Reason(Exception? e) => e is null ? "no answer" : ClusterAccess.Reason(e);
}
