using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fakes.Kubernetes;

/// <summary>A request as the fake received it. <see cref="Status"/> is 0 until it is answered (a watch is answered
/// when its stream starts) and stays 0 for a connection the fake reset.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, DateTimeOffset Time, int Status = 0)
{
    public bool IsWatch => Query.Contains("watch=true", StringComparison.Ordinal) || Query.Contains("watch=1", StringComparison.Ordinal);
}

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (plain HTTP, one bearer token) for the real KubernetesClient:
/// objects as JSON under (group, version, resource, namespace, name), one global resourceVersion, list/get/watch,
/// create/replace/patch/delete with the main resource and the <c>/status</c> subresource, Status bodies for every
/// error, 410 Expired after <see cref="Compact"/>, pod logs, the service proxy, and injected faults.
/// </summary>
/// <remarks>
/// Semantics follow the API server (apiserver registry, apiextensions-apiserver, watch cache):
/// <list type="bullet">
/// <item>Every write bumps the global resourceVersion; a write that changes nothing writes nothing (no new
///   resourceVersion, no event). Generation follows <see cref="GenerationPolicy"/>: for ExternalSecret,
///   SecretStores, Deployment, StatefulSet and Pod only spec changes move it; for Application (its CRD has
///   <c>subresources: {}</c>) every change outside metadata moves it, status included.</item>
/// <item>Kinds with a status subresource ignore status on create, PUT and PATCH of the main resource; <c>/status</c>
///   changes nothing but status. Application takes status in an ordinary PATCH.</item>
/// <item>A watch from resourceVersion N replays every change after N; from N older than the last
///   <see cref="Compact"/> it answers 200 with one ERROR event (Status 410, reason Expired, "too old resource
///   version: N (C)") and closes, as the real watch cache does. KubernetesClient does not yield that event: its
///   watch enumerator hands a <c>KubernetesException</c> (with <c>Status.Code</c> 410) to <c>onError</c> and then
///   ends. A list with <c>resourceVersionMatch=Exact</c> below the compaction point, or a <c>continue</c> token from
///   before it, is an HTTP 410 (HttpOperationException).</item>
/// <item>Custom resources refuse strategic merge patch (415) and a PUT without metadata.resourceVersion (422), as
///   apiextensions-apiserver does; built-ins take strategic merge as a plain merge patch.</item>
/// <item>Server-side apply is approximated: <c>fieldManager</c> is required, a missing object is created, an
///   existing one is merge-patched (fields the manager dropped are not removed). JSON bodies only.</item>
/// <item>Not modelled: admission and schema validation, namespaces that must exist, cascading deletion, graceful pod
///   deletion, <c>follow</c> on logs, historical reads at an exact resourceVersion (served from now), watch
///   from a resourceVersion in the future (treated as "after N"), RBAC.</item>
/// </list>
/// </remarks>
public sealed partial class FakeKubernetes : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly Lock _gate = new();
    readonly ObjectStore _store;
    readonly Dictionary<string, ResourceType> _byResource = [];
    readonly Dictionary<(string ApiVersion, string Kind), ResourceType> _byKind = [];
    readonly List<RecordedRequest> _requests = [];
    readonly List<Fault> _faults = [];
    readonly Dictionary<(string Namespace, string Pod, string Container, bool Previous), string> _logs = [];
    readonly Dictionary<(string Namespace, string Service, string Port), Func<string, string, CancellationToken,
        Task<(int Status, string Body)>>> _proxies = [];
    readonly CancellationTokenSource _stopping = new();
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    TimeSpan _latency;

    sealed class Fault(bool reset, int status, int count, Func<RecordedRequest, bool>? when)
    {
        public bool Reset { get; } = reset;
        public int Status { get; } = status;
        public int Remaining { get; set; } = count;
        public Func<RecordedRequest, bool>? When { get; } = when;
    }

    FakeKubernetes(WebApplication app)
    {
        _app = app;
        _store = new ObjectStore(_gate, Pulse);
        foreach (var type in ResourceTypes.All) Register(type);
    }

    /// <summary>http://127.0.0.1:PORT/ (what the kubeconfig's server is).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The bearer token the kubeconfig carries; any other answers 401.</summary>
    public string Token { get; } = "fake-" + Guid.NewGuid().ToString("n");

    /// <summary>Starts the server on 127.0.0.1 and a free port.</summary>
    public static async Task<FakeKubernetes> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            // The client asks for HTTP/2 but falls back to HTTP/1.1 over plain http; so does kubectl against an
            // insecure port. Chunked HTTP/1.1 is what a watch through a load balancer looks like.
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            options.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        var app = builder.Build();
        var fake = new FakeKubernetes(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address.TrimEnd('/'));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>A kubeconfig for this server: one cluster (server = <see cref="Url"/>), one user with
    /// <see cref="Token"/>, one context (namespace <paramref name="namespace"/>), current.</summary>
    public string Kubeconfig(string @namespace = "default") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: {Url}
        users:
        - name: fake
          user:
            token: {Token}
        contexts:
        - name: fake
          context:
            cluster: fake
            user: fake
            namespace: {@namespace}
        current-context: fake
        preferences: {"{}"}

        """;

    /// <summary>Writes <see cref="Kubeconfig"/> to <paramref name="path"/> (creating its directory).</summary>
    public void WriteKubeconfig(string path, string @namespace = "default")
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        File.WriteAllText(path, Kubeconfig(@namespace), new UTF8Encoding(false));
    }

    // ---- resource table --------------------------------------------------------------------------------------

    /// <summary>Serves another resource (a CRD the fake does not know).</summary>
    public void Register(ResourceType type)
    {
        lock (_gate)
        {
            _byResource[type.Key] = type;
            _byKind[(type.ApiVersion, type.Kind)] = type;
        }
    }

    public IReadOnlyList<ResourceType> Resources
    {
        get { lock (_gate) return [.. _byResource.Values]; }
    }

    ResourceType? ByResource(string group, string version, string plural)
    {
        lock (_gate) return _byResource.GetValueOrDefault($"{group}/{version}/{plural}");
    }

    ResourceType TypeOf(string apiVersion, string kind)
    {
        lock (_gate)
            return _byKind.GetValueOrDefault((apiVersion, kind))
                ?? throw new ArgumentException($"FakeKubernetes does not serve {kind} in {apiVersion}: Register a ResourceType for it");
    }

    static string NamespaceFor(ResourceType type, string? ns) => type.Namespaced ? (string.IsNullOrEmpty(ns) ? "default" : ns) : "";

    // ---- test API: objects -----------------------------------------------------------------------------------

    /// <summary>The resourceVersion of the last write.</summary>
    public long ResourceVersion => _store.ResourceVersion;

    /// <summary>Creates or replaces an object (apiVersion, kind, metadata.name; metadata.namespace defaults to
    /// "default"), as a controller or a seed would: status is taken as given, and an explicit
    /// metadata.generation is kept (else 1 on create, and the kind's policy on replace). Sets uid,
    /// creationTimestamp and resourceVersion, emits ADDED or MODIFIED, and returns the stored object.</summary>
    public JsonObject Put(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = TypeOf(Patches.Text(obj["apiVersion"]) ?? "", Patches.Text(obj["kind"]) ?? "");
        var metadata = obj["metadata"] as JsonObject ?? throw new ArgumentException("the object has no metadata");
        var name = Patches.Text(metadata["name"]) ?? throw new ArgumentException("the object has no metadata.name");
        var ns = NamespaceFor(type, Patches.Text(metadata["namespace"]));
        return TestCall(() => _store.Get(type, ns, name) is null
            ? _store.Create(type, ns, obj, WriteMode.Seed)
            : _store.Update(type, ns, name, _ => obj.DeepClone().AsObject(), WriteMode.Seed,
                seededGeneration: Patches.Long(metadata["generation"])));
    }

    /// <summary>A copy of the stored object, or null.</summary>
    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        var type = TypeOf(apiVersion, kind);
        return _store.Get(type, NamespaceFor(type, ns), name);
    }

    /// <summary>Copies of the stored objects of a kind (in one namespace, or all), in key order.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null)
    {
        var type = TypeOf(apiVersion, kind);
        return _store.List(type, type.Namespaced ? ns : null, _ => true).Items;
    }

    /// <summary>Deletes as the API would (an object with finalizers only gets a deletionTimestamp); false when
    /// there was nothing to delete.</summary>
    public bool Delete(string apiVersion, string kind, string? ns, string name)
    {
        var type = TypeOf(apiVersion, kind);
        try
        {
            _store.Delete(type, NamespaceFor(type, ns), name);
            return true;
        }
        catch (ApiError e) when (e.Code == 404)
        {
            return false;
        }
    }

    /// <summary>Changes a stored object as its controller would (spec, status, labels, finalizers: anything but
    /// server-owned metadata), in one write: a new resourceVersion and one MODIFIED event when something changed,
    /// generation per the kind's policy. Removing the last finalizer of an object being deleted deletes it.</summary>
    public JsonObject Mutate(string apiVersion, string kind, string? ns, string name, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var type = TypeOf(apiVersion, kind);
        return TestCall(() => _store.Update(type, NamespaceFor(type, ns), name, current =>
        {
            change(current);
            return current;
        }, WriteMode.Seed));
    }

    /// <summary>Records a core/v1 Event about <paramref name="involvedObject"/> (a stored object), as a
    /// controller's event recorder would: type Normal or Warning, reason, message, source.component.</summary>
    public JsonObject AddEvent(JsonObject involvedObject, string type, string reason, string message, string component = "fake-controller")
    {
        ArgumentNullException.ThrowIfNull(involvedObject);
        var metadata = involvedObject["metadata"] as JsonObject ?? throw new ArgumentException("the involved object has no metadata");
        var name = Patches.Text(metadata["name"]) ?? throw new ArgumentException("the involved object has no name");
        var ns = Patches.Text(metadata["namespace"]) ?? "default";
        var now = ObjectStore.Timestamp(DateTimeOffset.UtcNow);
        return Put(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = $"{name}.{Guid.NewGuid():n}"[..(name.Length + 17)], ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = involvedObject["apiVersion"]?.DeepClone(),
                ["kind"] = involvedObject["kind"]?.DeepClone(),
                ["namespace"] = ns,
                ["name"] = name,
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = component },
            ["reportingComponent"] = component,
            ["reportingInstance"] = "",
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["eventTime"] = null,
            ["count"] = 1,
        });
    }

    /// <summary>Forgets the change history up to now, as etcd compaction does: a watch or an Exact list from an
    /// older resourceVersion then gets 410 Expired.</summary>
    public void Compact() => _store.Compact();

    static JsonObject TestCall(Func<JsonObject> call)
    {
        try
        {
            return call();
        }
        catch (ApiError e)
        {
            throw new InvalidOperationException($"{e.Code} {e.Reason}: {e.Message}", e);
        }
    }

    // ---- test API: logs and proxied services -------------------------------------------------------------------

    /// <summary>The text <c>GET …/pods/{pod}/log?container={container}</c> answers (with <c>previous=true</c> when
    /// <paramref name="previous"/>). The pod must exist when the log is read.</summary>
    public void SetLog(string ns, string pod, string container, string text, bool previous = false)
    {
        lock (_gate) _logs[(ns, pod, container, previous)] = text;
    }

    /// <summary>Answers <c>GET /api/v1/namespaces/{ns}/services/[http:]{service}:{port}/proxy/{path}</c> with
    /// <paramref name="handler"/>(path with a leading "/", raw query without "?"). A service with no handler is a
    /// 404 (no such Service) or, when a Service object with that name is stored, a 503 (no endpoints).</summary>
    public void MapServiceProxy(string ns, string service, string port, Func<string, string, (int Status, string Body)> handler)
    {
        lock (_gate) _proxies[(ns, service, port)] = (path, query, _) => Task.FromResult(handler(path, query));
    }

    /// <summary>Forwards <c>GET …/services/{service}:{port}/proxy/{path}</c> to a real server at
    /// <paramref name="backend"/> (a process on 127.0.0.1 standing in for the pod), answering with its status and body
    /// as the API server does.</summary>
    public void MapServiceProxy(string ns, string service, string port, Uri backend)
    {
        lock (_gate) _proxies[(ns, service, port)] = async (path, query, ct) =>
        {
            var target = new UriBuilder(backend) { Path = path, Query = query }.Uri;
            using var response = await ProxyClient.GetAsync(target, ct);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        };
    }

    static readonly HttpClient ProxyClient = new() { Timeout = TimeSpan.FromSeconds(30) };

    // ---- faults and measurement ------------------------------------------------------------------------------

    /// <summary>Added before every request is handled.</summary>
    public TimeSpan Latency
    {
        get { lock (_gate) return _latency; }
        set { lock (_gate) _latency = value; }
    }

    /// <summary>Answers the next <paramref name="count"/> requests (those <paramref name="when"/> accepts) with
    /// <paramref name="status"/> and the Status body the server uses for it (500 InternalError, 503
    /// ServiceUnavailable, 429 TooManyRequests with Retry-After, 504 Timeout).</summary>
    public void FailNext(int count, int status = 500, Func<RecordedRequest, bool>? when = null)
    {
        lock (_gate) _faults.Add(new Fault(reset: false, status, count, when));
    }

    /// <summary>Aborts the connection of the next <paramref name="count"/> requests (those <paramref name="when"/>
    /// accepts) without an answer: the client throws HttpRequestException ("An error occurred while sending the
    /// request.", inner IOException "Connection reset by peer"). Such requests are recorded with Status 0.</summary>
    public void ResetNext(int count, Func<RecordedRequest, bool>? when = null)
    {
        lock (_gate) _faults.Add(new Fault(reset: true, 0, count, when));
    }

    /// <summary>Cuts every open watch mid-stream, as a load balancer's idle timeout does: by default the
    /// connection is aborted (the client reads a premature end: an IOException); with
    /// <paramref name="gracefully"/> the chunked body is ended properly (the client's enumeration just ends).
    /// Returns how many watches were cut.</summary>
    public int DropWatches(bool gracefully = false) => _store.DropAll(gracefully);

    /// <summary>Watches currently streaming.</summary>
    public int OpenWatches => _store.OpenWatches;

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK (the server's is about a
    /// minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a watch without <c>timeoutSeconds</c> lasts (the server picks 30-60 minutes).</summary>
    public TimeSpan DefaultWatchTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Every request so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public int RequestCount
    {
        get { lock (_gate) return _requests.Count; }
    }

    public void ClearRequests()
    {
        lock (_gate) _requests.Clear();
        Pulse();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking whenever the fake changes (a request,
    /// a write, a watch opening or closing) and every 20 ms for conditions on the client's side; a
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string? what = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            if (condition()) return;
            try
            {
                await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token));
                deadline.Token.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (condition()) return;
                throw new TimeoutException($"FakeKubernetes: {what ?? "condition"} not reached within {timeout.TotalSeconds:0.#}s");
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> watches are streaming.</summary>
    public Task WaitForWatchesAsync(int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(() => OpenWatches >= count, timeout ?? TimeSpan.FromSeconds(10), $"{count} open watch(es)", cancellationToken);

    void Pulse()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }
}
