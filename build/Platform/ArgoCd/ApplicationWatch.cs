using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Resilience;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>What the watch knows at one moment: the Applications (null until the first list succeeded), and the
/// failure it is retrying right now, if any.</summary>
public sealed record WatchSnapshot(IReadOnlyDictionary<string, JsonObject>? Apps, Exception? Retrying);

/// <summary>The Applications of one namespace as a stream of snapshots: a list, then a watch from its
/// resourceVersion (docs/kubernetes.md#watching). A watch that ends resumes from the last version seen; 410 Gone
/// (history compacted) lists again; an unreachable server, 5xx and watches that keep ending at once are retried
/// through <see cref="Retries.Reconnect"/>; 401, 403 and the like end the stream with their error. Each snapshot is
/// a copy, so the caller judges a consistent picture while the watch goes on.</summary>
public sealed class ApplicationWatch(IKubernetes client, string ns)
{
    static CustomKind Kind => ArgoCdKinds.Application;

    /// <param name="heartbeat">Also yields when nothing changed for this long, so time-based verdicts (a Degraded
    /// grace period) are judged without waiting for the next event.</param>
    public async IAsyncEnumerable<WatchSnapshot> SnapshotsAsync(TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<WatchSnapshot>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(channel.Writer, stop.Token), CancellationToken.None);
        var latest = new WatchSnapshot(null, null);
        try
        {
            while (true)
            {
                var ready = channel.Reader.WaitToReadAsync(ct).AsTask();
                if (await Task.WhenAny(ready, Task.Delay(heartbeat, ct)) != ready)
                {
                    yield return latest;
                    continue;
                }
                if (!await ready) break;
                while (channel.Reader.TryRead(out var snapshot)) latest = snapshot;
                yield return latest;
            }
            await producer; // ended: its failure, if any, is the caller's
        }
        finally
        {
            await stop.CancelAsync();
            await producer.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>Where the next watch starts: the last version seen, or null to list first.</summary>
    sealed class Position
    {
        public string? ResourceVersion { get; set; }
    }

    async Task ProduceAsync(ChannelWriter<WatchSnapshot> writer, CancellationToken ct)
    {
        var apps = new Dictionary<string, JsonObject>();
        var position = new Position();
        var reconnect = Retries.Reconnect(e => writer.TryWrite(new WatchSnapshot(position.ResourceVersion is null ? null : Copy(apps), e)));
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await reconnect.ExecuteAsync(async token =>
                {
                    if (position.ResourceVersion is null)
                    {
                        position.ResourceVersion = await RelistAsync(apps, token);
                        writer.TryWrite(new WatchSnapshot(Copy(apps), null));
                    }
                    await WatchOnceAsync(apps, position, writer, token);
                }, ct);
            }
            writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    /// <summary>One watch, until it ends, moving the position with every event (null after 410 Gone: list again).</summary>
    async Task WatchOnceAsync(Dictionary<string, JsonObject> apps, Position position, ChannelWriter<WatchSnapshot> writer,
        CancellationToken ct)
    {
        var events = 0;
        try
        {
            await foreach (var (type, obj) in WatchAsync(position.ResourceVersion!, ct))
            {
                if (type == WatchEventType.Error)
                {
                    if (obj?["code"]?.GetValue<int>() != (int)HttpStatusCode.Gone) throw new IOException($"the watch ended with an " +
                        $"error: {obj?["reason"]}");
                    position.ResourceVersion = null;
                    return;
                }
                if (obj?["metadata"]?["resourceVersion"]?.GetValue<string>() is { } rv) position.ResourceVersion = rv;
                events++;
                if (type == WatchEventType.Bookmark || obj is null) continue;
                var name = KubernetesObjects.Name(obj);
                if (type == WatchEventType.Deleted) apps.Remove(name);
                else apps[name] = obj;
                writer.TryWrite(new WatchSnapshot(Copy(apps), null));
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
        {
            position.ResourceVersion = null;
            return;
        }
        catch (JsonException e)
        {
            throw new IOException("the watch stream broke off mid-event", e); // dropped: resume from the last version seen
        }
        // A watch that ends without a single event is failing, not idle: retried with backoff, not at once.
        if (events == 0) throw new IOException("the watch ended before its first event");
    }

    async Task<string> RelistAsync(Dictionary<string, JsonObject> apps, CancellationToken ct)
    {
        var (items, rv) = await KubernetesObjects.ListAsync(client, Kind, ns, ct);
        apps.Clear();
        foreach (var item in items) apps[KubernetesObjects.Name(item)] = item;
        return rv;
    }

    async IAsyncEnumerable<(WatchEventType Type, JsonObject? Object)> WatchAsync(string resourceVersion,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // The client does not yield the watch's ERROR event (410 Gone after compaction): it hands it to onError and
        // ends the stream. It becomes an Error item here, so the caller lists again instead of resuming forever.
        KubernetesException? error = null;
        var events = client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            Kind.Group, Kind.Version, ns, Kind.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: 300,
            onError: e => error ??= e as KubernetesException, cancellationToken: ct);
        await foreach (var (type, item) in events)
            yield return (type, KubernetesObjects.Node(item) as JsonObject);
        if (error?.Status is { } status) yield return (WatchEventType.Error,
            new JsonObject { ["code"] = status.Code, ["reason"] = status.Reason });
    }

    static Dictionary<string, JsonObject> Copy(Dictionary<string, JsonObject> apps) => new(apps);
}
