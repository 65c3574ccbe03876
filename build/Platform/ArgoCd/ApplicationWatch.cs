using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>The Applications of one namespace as a stream of snapshots: a list, then a watch from its
/// resourceVersion. A dropped watch resumes from the last version seen; 410 Gone (history compacted) lists again.
/// Each yield is the whole current set, so the caller only ever judges a consistent picture.</summary>
public sealed class ApplicationWatch(IKubernetes client, string ns)
{
    public const string Group = "argoproj.io", Version = "v1alpha1", Plural = "applications";

    /// <param name="heartbeat">Also yields when nothing changed for this long, so time-based verdicts (a Degraded
    /// grace period) are judged without waiting for the next event.</param>
    public async IAsyncEnumerable<IReadOnlyDictionary<string, JsonObject>> SnapshotsAsync(TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken ct)
    {
        var apps = new Dictionary<string, JsonObject>();
        var resourceVersion = await Relist(apps, ct);
        yield return apps;

        var quietFailures = 0;
        while (!ct.IsCancellationRequested)
        {
            var gone = false;
            var events = 0;
            // Its own token: leaving early (the caller is done) must stop the pending read before the stream is disposed.
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var stream = Watch(resourceVersion, watching.Token).GetAsyncEnumerator(watching.Token);
            var next = Task.FromResult(false);
            try
            {
                next = stream.MoveNextAsync().AsTask();
                while (true)
                {
                    if (await Task.WhenAny(next, Task.Delay(heartbeat, ct)) != next)
                    {
                        yield return apps;
                        continue;
                    }
                    var (ended, isGone) = await Outcome(next);
                    if (ended)
                    {
                        gone = isGone;
                        break;
                    }

                    var (type, obj) = stream.Current;
                    if (type == WatchEventType.Error)
                    {
                        gone = obj?["code"]?.GetValue<int>() == 410;
                        break;
                    }
                    if (obj?["metadata"]?["resourceVersion"]?.GetValue<string>() is { } rv) resourceVersion = rv;
                    events++;
                    next = stream.MoveNextAsync().AsTask();
                    if (type == WatchEventType.Bookmark || obj is null) continue;
                    var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
                    if (type == WatchEventType.Deleted) apps.Remove(name);
                    else apps[name] = obj;
                    yield return apps;
                }
            }
            finally
            {
                await watching.CancelAsync();
                try { await next; }
                catch (Exception) { /* the read we just cancelled */ }
                await stream.DisposeAsync();
            }
            if (ct.IsCancellationRequested) yield break;
            if (gone)
            {
                resourceVersion = await Relist(apps, ct);
                yield return apps;
            }
            else
            {
                // A watch that ends without a single event is failing, not idle: back off before the next try.
                quietFailures = events == 0 ? quietFailures + 1 : 0;
                if (quietFailures > 0) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 << Math.Min(quietFailures, 6))), ct);
            }
        }
    }

    /// <summary>Whether the watch ended (closed, dropped) and whether it ended with 410 Gone.</summary>
    static async Task<(bool Ended, bool Gone)> Outcome(Task<bool> next)
    {
        try
        {
            return (!await next, false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
        {
            return (true, true);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or JsonException or HttpOperationException)
        {
            return (true, false); // dropped: resume from the last version seen
        }
    }

    async Task<string> Relist(Dictionary<string, JsonObject> apps, CancellationToken ct)
    {
        var (items, rv) = await KubernetesObjects.ListAsync(client, Group, Version, Plural, ns, ct);
        apps.Clear();
        foreach (var item in items) apps[item["metadata"]?["name"]?.GetValue<string>() ?? ""] = item;
        return rv;
    }

    async IAsyncEnumerable<(WatchEventType Type, JsonObject? Object)> Watch(string resourceVersion, [EnumeratorCancellation] CancellationToken ct)
    {
        // The client does not yield the watch's ERROR event (410 Gone after compaction): it hands it to onError and
        // ends the stream. It becomes an Error item here, so the caller lists again instead of resuming forever.
        KubernetesException? error = null;
        var events = client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            Group, Version, ns, Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: 300,
            onError: e => error ??= e as KubernetesException, cancellationToken: ct);
        await foreach (var (type, item) in events)
            yield return (type, KubernetesObjects.Node(item) as JsonObject);
        if (error?.Status is { } status) yield return (WatchEventType.Error, new JsonObject { ["code"] = status.Code, ["reason"] = status.Reason });
    }
}
