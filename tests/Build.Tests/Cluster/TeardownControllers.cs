using System.Diagnostics;
using System.Text.Json.Nodes;
using Fakes.Kubernetes;

namespace Build.Tests.Cluster;

/// <summary>What the controllers of a real cluster do while it is torn down, against the fake API server: Argo CD
/// (self-heal re-creates a deleted child while the root syncs automatically; an Application being deleted with the
/// resources finalizer deletes its resources, then drops the finalizer), the service controller (a LoadBalancer
/// Service goes once its cloud load balancer is gone) and the PVC protection controller. Cloud-side deletion takes
/// <see cref="CloudDelay"/>; the objects in <see cref="Stuck"/> never go. Reacts to every change of the fake.</summary>
internal sealed class TeardownControllers : IAsyncDisposable
{
    public const string Argo = PlatformCluster.Argo;
    public const string ResourcesFinalizer = "resources-finalizer.argocd.argoproj.io";
    public const string LoadBalancerCleanup = "service.kubernetes.io/load-balancer-cleanup";
    public const string PvcProtection = "kubernetes.io/pvc-protection";

    readonly PlatformCluster _cluster;
    readonly CancellationTokenSource _stop = new();
    readonly Dictionary<string, Stopwatch> _deleting = [];
    readonly Task _loop;

    /// <summary>Each Application's resources that cost money in the cloud: (kind, namespace, name).</summary>
    readonly Dictionary<string, (string Kind, string Namespace, string Name)[]> _resources;

    public TimeSpan CloudDelay { get; init; } = TimeSpan.FromMilliseconds(300);
    public HashSet<string> Stuck { get; } = [];

    /// <summary>Children Argo CD re-created after they were deleted (it must never happen in a teardown).</summary>
    public List<string> Recreated { get; } = [];

    /// <summary>Seeds the platform's cloud objects (a LoadBalancer per app that has one, Prometheus's volume, a
    /// StatefulSet's claim no Application deletes, a LoadBalancer outside the platform), the root's automated sync and
    /// the finalizers (all but hello carry Argo CD's), then starts reacting.</summary>
    public TeardownControllers(PlatformCluster cluster)
    {
        _cluster = cluster;
        var observability = $"trinity-observability-{cluster.Cloud}";
        var mandelbrot = $"trinity-mandelbrot-{cluster.Cloud}";
        _resources = new()
        {
            [observability] = [("Service", "observability", "grafana"), ("PersistentVolumeClaim", "observability", "prometheus-data")],
            [mandelbrot] = [("Service", "mandelbrot", "mandelbrot")],
        };
        foreach (var (kind, ns, name) in _resources.Values.SelectMany(r => r)) Put(kind, ns, name);
        Put("PersistentVolumeClaim", "observability", "data-loki-0");
        Put("Service", "default", "legacy-lb");
        cluster.App(cluster.Root, root =>
        {
            root["spec"]!["syncPolicy"] = new JsonObject { ["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true } };
            root["metadata"]!["finalizers"] = new JsonArray(ResourcesFinalizer);
        });
        foreach (var (name, _) in cluster.Children.Where(c => c.Name != $"trinity-hello-{cluster.Cloud}"))
            cluster.App(name, app => app["metadata"]!["finalizers"] = new JsonArray(ResourcesFinalizer));
        _loop = Task.Run(() => Api.WaitUntilAsync(Reconcile, TimeSpan.FromMinutes(5), "teardown controllers", _stop.Token));
    }

    FakeKubernetes Api => _cluster.Api;

    void Put(string kind, string ns, string name)
    {
        var claim = kind == "PersistentVolumeClaim";
        Api.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name, ["namespace"] = ns, ["finalizers"] = new JsonArray(claim ? PvcProtection : LoadBalancerCleanup),
            },
            ["spec"] = claim
                ? new JsonObject { ["volumeName"] = $"pvc-{name}-5f2c", ["accessModes"] = new JsonArray("ReadWriteOnce") }
                : new JsonObject { ["type"] = "LoadBalancer", ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }) },
        });
    }

    /// <summary>One pass of every controller; false, so the fake calls it again on its next change.</summary>
    bool Reconcile()
    {
        var apps = Api.List(Argo, "Application", "argocd").ToDictionary(a => a["metadata"]!["name"]!.GetValue<string>());
        if (apps.TryGetValue(_cluster.Root, out var root) && root["spec"]?["syncPolicy"]?["automated"] is not null)
            foreach (var (name, wave) in _cluster.Children.Where(c => !apps.ContainsKey(c.Name)))
            {
                Recreated.Add(name);
                Api.Put(PlatformCluster.Application(name, wave, "Synced", "Healthy"));
            }
        foreach (var app in apps.Values.Where(a => a["metadata"]?["deletionTimestamp"] is not null))
        {
            var name = app["metadata"]!["name"]!.GetValue<string>();
            var resources = _resources.GetValueOrDefault(name) ?? [];
            foreach (var (kind, ns, resource) in resources) Api.Delete("v1", kind, ns, resource);
            if (resources.All(r => Api.Get("v1", r.Kind, r.Namespace, r.Name) is null))
                Release(Argo, "Application", "argocd", name);
        }
        foreach (var kind in new[] { "Service", "PersistentVolumeClaim" })
            foreach (var obj in Api.List("v1", kind).Where(o => o["metadata"]?["deletionTimestamp"] is not null))
            {
                var (ns, name) = (obj["metadata"]!["namespace"]!.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());
                var key = $"{ns}/{name}";
                var since = _deleting.TryGetValue(key, out var clock) ? clock : _deleting[key] = Stopwatch.StartNew();
                if (!Stuck.Contains(key) && since.Elapsed >= CloudDelay)
                    Release("v1", kind, ns, name);
            }
        return false;
    }

    /// <summary>Drops every finalizer (which deletes an object being deleted); one gone meanwhile is already released.</summary>
    void Release(string apiVersion, string kind, string ns, string name)
    {
        try
        {
            Api.Mutate(apiVersion, kind, ns, name, o => o["metadata"]!["finalizers"] = new JsonArray());
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("404", StringComparison.Ordinal))
        {
            // Deleted between the list and now.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }
        _stop.Dispose();
    }
}
