using System.Diagnostics;
using System.Text.Json.Nodes;
using Engine;
using Engine.Output;
using Engine.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.Resilience;

namespace Trinity.Build.Platform.Teardown;

/// <summary>What a cluster's teardown did: what went, what was still there when the bound ran out (nothing when it
/// finished), what it left to its owners (outside the platform's namespaces), and why the cluster could not be asked,
/// when it could not.</summary>
public sealed record TeardownResult(IReadOnlyList<Remnant> Removed, IReadOnlyList<Remnant> Left, IReadOnlyList<Remnant> Elsewhere,
    string? Unreachable = null)
{
    public bool Finished => Left.Count == 0;
}

/// <summary>Empties a cluster before its stack is destroyed (docs/teardown.md): the root's automated sync off, so Argo CD
/// re-creates nothing; the child Applications deleted with their resources, the last wave first; then the root; then
/// whatever LoadBalancer Service or PersistentVolumeClaim the Applications left in the platform's namespaces — each step
/// waited for, within one bound, with a live table. Every write goes through <see cref="Changes"/>: a dry run reads the
/// same and says "would …". A cluster that does not answer within <see cref="ReachBound"/> is reported unreachable.</summary>
public sealed class ClusterTeardown(Cluster cluster, PlatformNames names, Remedies remedies)
{
    /// <summary>Argo CD's cascading delete: the Application goes only after its resources (foreground); the
    /// "/background" variant counts too.</summary>
    public const string ResourcesFinalizer = "resources-finalizer.argocd.argoproj.io";

    /// <summary>How long the first read may wait for an answer before the cluster is taken as gone.</summary>
    public static readonly TimeSpan ReachBound = TimeSpan.FromSeconds(30);

    static CustomKind Kind => ArgoCdKinds.Application;
    const string Namespace = PlatformNamespaces.ArgoCd;
    const string ServicesAndClaims = "GET /api/v1/services, GET /api/v1/persistentvolumeclaims";

    readonly Dictionary<string, Remnant> _seen = new(StringComparer.Ordinal);
    readonly Stopwatch _clock = new();

    /// <summary>The Applications looked for (the root and its children as first read, with their waves).</summary>
    readonly Dictionary<string, int?> _watched = new(StringComparer.Ordinal);

    /// <summary>The one bound every wait shares.</summary>
    TimeSpan _bound;

    /// <summary>Whether a change was only planned (a dry run): then nothing is waited for.</summary>
    bool _planned;

    async Task PlanOrMakeAsync(string description, Func<Task> change) => _planned |= !await Changes.MakeAsync(description, change);

    public async Task<TeardownResult> RunAsync(TimeSpan bound, CancellationToken ct)
    {
        (_bound, _planned) = (bound, false);
        _clock.Restart();
        Changes.Reading($"GET {AppPath(null)}");
        var (tree, unreachable) = await FirstReadAsync(ct);
        if (unreachable is not null) return new TeardownResult([], [], [], unreachable);

        _watched.Clear();
        if (tree is { } found)
        {
            _watched[names.RootApplication] = null;
            foreach (var child in found.Children) _watched[KubernetesObjects.Name(child)] = ApplicationState.From(child).Wave;
        }
        else Log.Info($"no root Application {names.RootApplication} in namespace {Namespace}: nothing for Argo CD to delete");
        Changes.Reading(ServicesAndClaims);
        var last = Remember(await ReadAsync(ct));
        using var live = Log.Live();

        if (tree is { } apps)
        {
            await StopAutomationAsync(apps.Root, ct);
            foreach (var wave in apps.Children.GroupBy(c => ApplicationState.From(c).Wave).OrderByDescending(g => g.Key))
            {
                var inWave = wave.Select(KubernetesObjects.Name).ToHashSet(StringComparer.Ordinal);
                await DeleteApplicationsAsync([.. wave], ct);
                (last, var gone) = await WaitAsync($"wave {wave.Key} is gone ({string.Join(", ", inWave.Order(StringComparer.Ordinal))})",
                    s => !s.Applications.Any(a => inWave.Contains(a.Name)), live, last, ct);
                // What holds a wave back: its Applications, and what they wait for (objects being deleted).
                if (!gone) return Stopped(last, r => r.Kind == RemnantKind.Application ? inWave.Contains(r.Name) : r.Deleting);
            }
            await DeleteApplicationsAsync([apps.Root], ct);
            (last, var rootGone) = await WaitAsync($"the root {names.RootApplication} is gone", s => s.Applications.Count == 0, live,
                last, ct);
            if (!rootGone) return Stopped(last, r => r.Kind == RemnantKind.Application || r.Deleting);
        }

        // What no Application deletes: a StatefulSet's claims (Kubernetes keeps them by design), anything made by hand.
        // A dry run did not delete the Applications, so it cannot tell those from what they would take along.
        var appsPlanned = _planned;
        foreach (var remnant in last.Platform.Where(r => !r.Deleting))
            await PlanOrMakeAsync($"DELETE {Path(remnant)}{(appsPlanned ? " (if still there once the Applications are gone)" : "")}",
                () => DeleteAsync(remnant, ct));
        (last, var clean) = await WaitAsync("no LoadBalancer Service and no PersistentVolumeClaim is left in the platform's namespaces",
            s => s.Platform.Count == 0, live, last, ct);
        // Planned: everything seen would go.
        return clean ? new TeardownResult(_planned ? [.. Ordered(_seen.Values)] : Removed(last), [], last.Elsewhere)
            : Stopped(last, _ => true);
    }

    /// <summary>The root and its children, waiting up to <see cref="ReachBound"/> for a cluster that does not answer;
    /// refused credentials or access fail at once, with the remedy.</summary>
    async Task<((JsonObject Root, IReadOnlyList<JsonObject> Children)? Tree, string? Unreachable)> FirstReadAsync(CancellationToken ct)
    {
        var within = _bound < ReachBound ? _bound : ReachBound;
        using var reach = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reach.CancelAfter(within);
        Exception? failure = null;
        try
        {
            return (await Retries.Reconnect(e => failure = e).ExecuteAsync(async token => await ReadTreeAsync(token), reach.Token), null);
        }
        catch (OperationCanceledException) when (reach.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return (null, $"{cluster.Server} did not answer within {Durations.Format(within)}" +
                (failure is null ? "" : $" ({ClusterAccess.Reason(failure)})"));
        }
        catch (Exception e) when (ClusterAccess.IsClusterFailure(e))
        {
            throw ClusterAccess.Describe(e, cluster, names.Cloud, remedies, $"reading the Applications in {Namespace}");
        }
    }

    async Task<(JsonObject Root, IReadOnlyList<JsonObject> Children)?> ReadTreeAsync(CancellationToken ct)
    {
        try
        {
            return await ApplicationTree.ReadAsync(cluster, names.RootApplication, ct);
        }
        catch (HttpOperationException e) when (KubernetesObjects.IsMissingApi(e))
        {
            return null; // Argo CD is not installed (any more): no Application to delete.
        }
    }

    async Task StopAutomationAsync(JsonObject root, CancellationToken ct)
    {
        if (root["spec"]?["syncPolicy"]?["automated"] is null) return;
        const string patch = """{"spec":{"syncPolicy":{"automated":null}}}""";
        var name = KubernetesObjects.Name(root);
        await PlanOrMakeAsync($"PATCH {AppPath(name)} {patch}", () => PatchAsync(name, patch, ct));
    }

    /// <summary>Each Application gets Argo CD's resources finalizer if it lacks it (without it, deleting the Application
    /// would orphan everything it made), then its delete.</summary>
    async Task DeleteApplicationsAsync(IReadOnlyList<JsonObject> apps, CancellationToken ct)
    {
        foreach (var app in apps)
        {
            var remnant = ClusterRemnants.Application(app, null);
            if (remnant.Deleting) continue;
            if (!remnant.Finalizers.Any(f => f.StartsWith(ResourcesFinalizer, StringComparison.Ordinal)))
            {
                var finalizers = new JsonArray([.. remnant.Finalizers.Append(ResourcesFinalizer).Select(f => JsonValue.Create(f))]);
                var patch = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = finalizers } }.ToJsonString();
                await PlanOrMakeAsync($"PATCH {AppPath(remnant.Name)} {patch}", () => PatchAsync(remnant.Name, patch, ct));
            }
            await PlanOrMakeAsync($"DELETE {AppPath(remnant.Name)}", () => DeleteAsync(remnant, ct));
        }
    }

    /// <summary>Reads the cluster again (a dropped connection is tried again) until <paramref name="done"/> holds or the
    /// bound is spent, the live table showing what is left. After a planned change (a dry run) it only says it would.</summary>
    async Task<(ClusterRemnants Last, bool Done)> WaitAsync(string what, Func<ClusterRemnants, bool> done, LiveBlock live,
        ClusterRemnants last, CancellationToken ct)
    {
        if (_planned)
        {
            Log.Info($"would wait (within {Durations.Format(_bound)} in all) until {what}");
            return (last, true);
        }
        var remaining = _bound - _clock.Elapsed;
        var held = remaining > TimeSpan.Zero && await Retries.UntilAsync(async token =>
        {
            last = Remember(await Retries.Reconnect(_ => { }).ExecuteAsync(async t => await ReadAsync(t), token));
            live.Update([$"waiting until {what}", .. Lines(last)], $"{Durations.Clock(_clock.Elapsed)} of {Durations.Format(_bound)}");
            return done(last);
        }, remaining, ct);
        return (last, held);
    }

    async Task<ClusterRemnants> ReadAsync(CancellationToken ct)
    {
        try
        {
            return await ClusterRemnants.ReadAsync(cluster, _watched, ct);
        }
        catch (HttpOperationException e) when (KubernetesObjects.IsMissingApi(e) && _watched.Count > 0)
        {
            // Argo CD's CRD went while its Applications were deleted: none is left.
            return await ClusterRemnants.ReadAsync(cluster, new Dictionary<string, int?>(), ct);
        }
    }

    static IEnumerable<string> Lines(ClusterRemnants remnants) =>
        remnants.All.Select(r => $"  {r.Object,-58} {r.What,-22} {r.State}");

    ClusterRemnants Remember(ClusterRemnants remnants)
    {
        foreach (var remnant in remnants.All) _seen[remnant.Object] = remnant;
        return remnants;
    }

    IReadOnlyList<Remnant> Removed(ClusterRemnants last)
    {
        var left = last.All.Select(r => r.Object).ToHashSet(StringComparer.Ordinal);
        return [.. Ordered(_seen.Values.Where(r => !left.Contains(r.Object)))];
    }

    static IEnumerable<Remnant> Ordered(IEnumerable<Remnant> remnants) =>
        remnants.OrderBy(r => r.Kind).ThenBy(r => r.Object, StringComparer.Ordinal);

    /// <summary>Stopped at the bound: what was <paramref name="blocking"/> the step, not what it had not reached yet.</summary>
    TeardownResult Stopped(ClusterRemnants last, Func<Remnant, bool> blocking) =>
        new(Removed(last), [.. last.All.Where(blocking)], last.Elsewhere);

    async Task PatchAsync(string name, string patch, CancellationToken ct) =>
        await cluster.Api.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), Kind.Group,
            Kind.Version, Namespace, Kind.Plural, name, cancellationToken: ct);

    /// <summary>A delete of something already gone is what was wanted.</summary>
    async Task DeleteAsync(Remnant remnant, CancellationToken ct) => await KubernetesObjects.OrNullAsync<object>(async () =>
        remnant.Kind switch
        {
            RemnantKind.Application => await cluster.Api.CustomObjects.DeleteNamespacedCustomObjectAsync(Kind.Group, Kind.Version,
                remnant.Namespace, Kind.Plural, remnant.Name, cancellationToken: ct),
            RemnantKind.LoadBalancer => (object)await cluster.Api.CoreV1.DeleteNamespacedServiceAsync(remnant.Name, remnant.Namespace,
                cancellationToken: ct),
            _ => await cluster.Api.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(remnant.Name, remnant.Namespace,
                cancellationToken: ct),
        });

    static string AppPath(string? application) =>
        $"/apis/{Kind.ApiVersion}/namespaces/{Namespace}/{Kind.Plural}" + (application is null ? "" : "/" + application);

    static string Path(Remnant remnant) => remnant.Kind switch
    {
        RemnantKind.Application => AppPath(remnant.Name),
        RemnantKind.LoadBalancer => $"/api/v1/namespaces/{remnant.Namespace}/services/{remnant.Name}",
        _ => $"/api/v1/namespaces/{remnant.Namespace}/persistentvolumeclaims/{remnant.Name}",
    };
}
