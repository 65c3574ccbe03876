using System.Diagnostics;
using System.Text.Json.Nodes;
using Engine;
using Engine.Text;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.ArgoCd;

public sealed record WaveWaitOptions(TimeSpan WaveTimeout, TimeSpan DegradedGrace, string? ExpectedRevision);

/// <summary>WaitForSync for one cluster: the root's child Applications, wave by wave, each watched on its own
/// Application object rather than trusting the root's health (FACTS 1.4: a parent can read a child's stale
/// Healthy). A wave is done when every app in it is done (<see cref="ApplicationVerdict"/>); it fails at once on a
/// failed operation or an *Error condition, and on its timeout names what it was still waiting for.</summary>
public sealed class SyncWaveWait(k8s.IKubernetes client, PlatformNames names, WaveWaitOptions options)
{
    public const string Namespace = "argocd";
    const string TrackingId = "argocd.argoproj.io/tracking-id";

    public async Task RunAsync(CancellationToken ct)
    {
        var watch = new ApplicationWatch(client, Namespace);
        var started = Stopwatch.StartNew();
        var degradedSince = new Dictionary<string, TimeSpan>();
        int? currentWave = null;
        using var live = Log.Live();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.WaveTimeout);
        IReadOnlyList<ApplicationState> last = [];

        try
        {
            await foreach (var apps in watch.SnapshotsAsync(TimeSpan.FromSeconds(1), timeout.Token))
            {
                if (!apps.TryGetValue(names.RootApplication, out var root))
                {
                    live.Update([$"waiting for the root Application {names.RootApplication} in namespace {Namespace}"]);
                    continue;
                }
                var children = Children(root, apps).Select(ApplicationState.From).OrderBy(a => a.Wave).ThenBy(a => a.Name, StringComparer.Ordinal).ToList();
                last = children;
                var rootState = ApplicationState.From(root);
                if (children.Count == 0 || rootState.Sync != "Synced")
                {
                    live.Update([$"root {names.RootApplication}: {rootState.Sync}, {children.Count} child Applications so far"]);
                    continue;
                }

                var now = started.Elapsed;
                foreach (var app in children)
                    if (app.Health == "Degraded") degradedSince.TryAdd(app.Name, now);
                    else degradedSince.Remove(app.Name);

                var judged = children.Select(a => (App: a, Verdict: ApplicationVerdict.Judge(a, options.ExpectedRevision,
                    degradedSince.TryGetValue(a.Name, out var since) ? now - since : TimeSpan.Zero, options.DegradedGrace))).ToList();
                var pending = judged.Where(j => j.Verdict.Progress != Progress.Done).Select(j => j.App.Wave).DefaultIfEmpty(int.MaxValue).Min();
                if (pending != currentWave && pending != int.MaxValue)
                {
                    // A new wave: its own timeout starts now.
                    currentWave = pending;
                    timeout.CancelAfter(options.WaveTimeout);
                }
                live.Update([.. judged.Select(j => Line(j.App, j.Verdict))]);

                if (judged.FirstOrDefault(j => j.Verdict.Progress == Progress.Failed && j.App.Wave <= pending) is { App: { } failed } failure)
                    throw new TargetFailedException(Diagnose(failed, failure.Verdict.Why, "failed"));
                if (pending == int.MaxValue)
                {
                    var waves = string.Join(" · ", children.Select(c => c.Wave).Distinct());
                    Log.Success($"{names.RootApplication}: every wave done ({waves}), {children.Count} Applications Synced and Healthy in {started.Elapsed.TotalSeconds:0.0}s");
                    Summary.Note($"waves {waves} done");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var waiting = last.Where(a => a.Wave == currentWave).Select(a => (App: a, Verdict: ApplicationVerdict.Judge(a, options.ExpectedRevision, TimeSpan.Zero, options.DegradedGrace)))
                .Where(j => j.Verdict.Progress != Progress.Done).ToList();
            if (waiting.Count == 0)
                throw new TargetFailedException($"timed out after {Durations.Format(options.WaveTimeout)} waiting for the root {names.RootApplication} and its children (seen: {last.Count})");
            throw new TargetFailedException(string.Join("\n", waiting.Select(w => Diagnose(w.App, w.Verdict.Why, $"timed out after {Durations.Format(options.WaveTimeout)} waiting for"))));
        }
        throw new OperationCanceledException(ct);
    }

    /// <summary>The root's children: what its status lists as managed Applications, and (annotation tracking, the
    /// Argo CD 3 default) the Applications whose tracking id names the root.</summary>
    IEnumerable<JsonObject> Children(JsonObject root, IReadOnlyDictionary<string, JsonObject> apps)
    {
        var listed = (root["status"]?["resources"] as JsonArray ?? [])
            .Where(r => KubernetesObjects.Text(r?["kind"]) == "Application")
            .Select(r => KubernetesObjects.Text(r?["name"]))
            .OfType<string>()
            .ToHashSet();
        return apps.Values.Where(a =>
        {
            var name = KubernetesObjects.Text(a["metadata"]?["name"]) ?? "";
            return name != names.RootApplication &&
                   (listed.Contains(name) || (KubernetesObjects.Text(a["metadata"]?["annotations"]?[TrackingId])?.StartsWith(names.RootApplication + ":", StringComparison.Ordinal) ?? false));
        });
    }

    static string Line(ApplicationState app, (Progress Progress, string Why) verdict) =>
        $"wave {app.Wave,-3} {app.Name,-34} {app.Sync,-10} {app.Health,-12} {(verdict.Progress == Progress.Done ? "done" : verdict.Why)}";

    string Diagnose(ApplicationState app, string why, string what)
    {
        var lines = new List<string>
        {
            $"{names.Cluster}: {what} {app.Name} (wave {app.Wave}): {why}",
            $"  sync {app.Sync}, health {app.Health}{(app.HealthMessage is { Length: > 0 } m ? $" ({m})" : "")}",
        };
        if (app.OperationPhase is not null) lines.Add($"  last operation {app.OperationPhase}{(app.OperationMessage is { Length: > 0 } om ? $": {om}" : "")}");
        foreach (var (type, message) in app.ErrorConditions) lines.Add($"  condition {type}: {message}");
        if (app.OutOfSync.Count > 0) lines.Add($"  out of sync: {string.Join(", ", app.OutOfSync)}");
        lines.Add($"  → kubectl --kubeconfig kubeconfig.{names.CloudName}.yaml -n {Namespace} get application {app.Name} -o yaml");
        return string.Join("\n", lines);
    }
}
