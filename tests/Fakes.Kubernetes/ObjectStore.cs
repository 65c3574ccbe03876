using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Fakes.Kubernetes;

/// <summary>Where an object lives: (group, version, resource, namespace, name); namespace is "" for cluster scope.</summary>
readonly record struct ObjectKey(string Group, string Version, string Resource, string Namespace, string Name)
{
    public static ObjectKey Of(ResourceType type, string ns, string name) => new(type.Group, type.Version, type.Plural, ns, name);
}

/// <summary>How an update treats status: the main resource keeps the stored status when the kind has a status
/// subresource; <c>/status</c> takes only status; a seed (the test API) takes everything.</summary>
enum WriteMode
{
    Main,
    Status,
    Seed,
}

/// <summary>One line of a watch stream. <see cref="Terminal"/> ends the stream after it (an ERROR event).</summary>
readonly record struct WatchLine(string Json, bool Terminal = false);

/// <summary>An open watch: the events for one resource (in one namespace, through one selector), in order.</summary>
sealed class Subscription(ResourceType type, string? ns, Func<JsonObject, bool> matches) : IDisposable
{
    public ResourceType Type { get; } = type;

    public string? Namespace { get; } = ns;

    public Func<JsonObject, bool> Matches { get; } = matches;

    public Channel<WatchLine> Lines { get; } = Channel.CreateUnbounded<WatchLine>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Cancelled by <see cref="FakeKubernetes.DropWatches"/>.</summary>
    public CancellationTokenSource Dropped { get; } = new();

    /// <summary>Whether a drop ends the chunked body properly (true) or aborts the connection (false).</summary>
    public bool DropGracefully { get; set; }

    public void Dispose() => Dropped.Dispose();
}

/// <summary>
/// The objects, the global resourceVersion and the change log that watches replay. Every method takes the gate;
/// every write bumps the resourceVersion, appends to the log and fans the event out to matching watches while
/// still holding it, so a watch never sees events out of order or misses one between its replay and its
/// registration.
/// </summary>
sealed class ObjectStore(Lock gate, Action changed)
{
    readonly Dictionary<ObjectKey, JsonObject> _objects = [];
    readonly List<(long Rv, ResourceType Type, string Namespace, string EventType, JsonObject? Old, JsonObject Object)> _log = [];
    readonly List<Subscription> _subscriptions = [];
    long _resourceVersion = 100;
    long _compactedThrough;

    public long ResourceVersion
    {
        get { lock (gate) return _resourceVersion; }
    }

    public long CompactedThrough
    {
        get { lock (gate) return _compactedThrough; }
    }

    public int OpenWatches
    {
        get { lock (gate) return _subscriptions.Count; }
    }

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'",
        CultureInfo.InvariantCulture);

    // ---- reads -----------------------------------------------------------------------------------------------

    public JsonObject? Get(ResourceType type, string ns, string name)
    {
        lock (gate) return _objects.TryGetValue(ObjectKey.Of(type, ns, name), out var obj) ? obj.DeepClone().AsObject() : null;
    }

    /// <summary>Matching objects ordered by namespace then name (etcd key order), and the resourceVersion they
    /// were read at.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, Func<JsonObject, bool> matches)
    {
        lock (gate)
        {
            var items = _objects
                .Where(kv => kv.Key.Group == type.Group && kv.Key.Version == type.Version && kv.Key.Resource == type.Plural
                    && (ns is null || kv.Key.Namespace == ns))
                .OrderBy(kv => kv.Key.Namespace, StringComparer.Ordinal).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal)
                .Select(kv => kv.Value)
                .Where(matches)
                .Select(o => o.DeepClone().AsObject())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    // ---- writes ----------------------------------------------------------------------------------------------

    static readonly string[] ServerOwned = ["deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"];

    /// <summary>A seed says who manages which field (tests of drift); the API's own writes do not track it.</summary>
    static readonly string[] SeedOwned = ["deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];

    /// <summary>Creates an object. An API create drops status for kinds with a status subresource (built-ins
    /// start from an empty status); a seed keeps status, managedFields and an explicit metadata.generation.</summary>
    public JsonObject Create(ResourceType type, string ns, JsonObject obj, WriteMode mode, bool dryRun = false)
    {
        lock (gate)
        {
            var metadata = obj["metadata"] as JsonObject ?? throw ApiError.BadRequest("Object 'metadata' is missing");
            var name = Patches.Text(metadata["name"]);
            if (string.IsNullOrEmpty(name) && Patches.Text(metadata["generateName"]) is { Length: > 0 } prefix)
                name = prefix + Suffix();
            if (string.IsNullOrEmpty(name))
                throw ApiError.Invalid(type, "", "metadata.name", "FieldValueRequired", "Required value: name or generateName is required");
            var key = ObjectKey.Of(type, ns, name);
            if (_objects.ContainsKey(key)) throw ApiError.AlreadyExists(type, name);

            var created = obj.DeepClone().AsObject();
            created["apiVersion"] = type.ApiVersion;
            created["kind"] = type.Kind;
            var meta = created["metadata"]!.AsObject();
            meta["name"] = name;
            if (type.Namespaced) meta["namespace"] = ns;
            else meta.Remove("namespace");
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Timestamp(DateTimeOffset.UtcNow);
            foreach (var serverOwned in mode == WriteMode.Seed ? SeedOwned : ServerOwned) meta.Remove(serverOwned);
            var seededGeneration = mode == WriteMode.Seed ? Patches.Long(meta["generation"]) : null;
            meta.Remove("generation");
            if (type.Generation != GenerationPolicy.None) meta["generation"] = seededGeneration ?? 1;
            if (mode != WriteMode.Seed && type.StatusSubresource)
            {
                if (type.IsCustom) created.Remove("status");
                else created["status"] = type.Kind == "Pod" ? new JsonObject { ["phase"] = "Pending" } : [];
            }
            if (dryRun) return created;
            Commit(type, ns, "ADDED", null, created);
            return created.DeepClone().AsObject();
        }
    }

    /// <summary>Updates an object with <paramref name="compute"/> (given a copy of the stored one). Server-owned
    /// metadata is kept, status follows <paramref name="mode"/>, generation follows the kind's policy, a no-op
    /// writes nothing, and removing the last finalizer of an object being deleted deletes it.</summary>
    /// <param name="expectedResourceVersion">A precondition: a stale one is a 409 Conflict.</param>
    /// <param name="requireResourceVersion">A PUT of a custom resource must carry metadata.resourceVersion.</param>
    public JsonObject Update(ResourceType type, string ns, string name, Func<JsonObject, JsonObject> compute, WriteMode mode,
        string? expectedResourceVersion = null, bool requireResourceVersion = false, bool dryRun = false, long? seededGeneration = null)
    {
        lock (gate)
        {
            var key = ObjectKey.Of(type, ns, name);
            if (!_objects.TryGetValue(key, out var old)) throw ApiError.NotFound(type, name);
            var oldMeta = old["metadata"]!.AsObject();
            var oldVersion = Patches.Text(oldMeta["resourceVersion"]);
            if (string.IsNullOrEmpty(expectedResourceVersion) && requireResourceVersion)
                throw ApiError.Invalid(type, name, "metadata.resourceVersion", "FieldValueInvalid",
                    "Invalid value: 0x0: must be specified for an update");
            if (!string.IsNullOrEmpty(expectedResourceVersion) && expectedResourceVersion != oldVersion)
                throw ApiError.Conflict(type, name);

            var computed = compute(old.DeepClone().AsObject());
            JsonObject next;
            if (mode == WriteMode.Status)
            {
                next = old.DeepClone().AsObject();
                if (computed["status"] is { } status) next["status"] = status.DeepClone();
                else next.Remove("status");
            }
            else
            {
                next = computed;
                var meta = next["metadata"] as JsonObject ?? [];
                next["metadata"] = meta;
                foreach (var owned in new[] { "name", "namespace", "uid", "creationTimestamp", "generation", "deletionTimestamp",
                    "deletionGracePeriodSeconds" })
                {
                    if (oldMeta[owned] is { } kept) meta[owned] = kept.DeepClone();
                    else meta.Remove(owned);
                }
                // A seed says who manages which field (tests of drift); the API's own writes do not track it.
                if (mode != WriteMode.Seed) meta.Remove("managedFields");
                if (mode == WriteMode.Main && type.StatusSubresource)
                {
                    if (old["status"] is { } status) next["status"] = status.DeepClone();
                    else next.Remove("status");
                }
            }
            next["apiVersion"] = type.ApiVersion;
            next["kind"] = type.Kind;
            var nextMeta = next["metadata"]!.AsObject();
            nextMeta["resourceVersion"] = oldVersion;

            if (seededGeneration is { } forced) nextMeta["generation"] = forced;
            else if (GenerationMoves(type, old, next)) nextMeta["generation"] = (Patches.Long(oldMeta["generation"]) ?? 0) + 1;

            if (JsonNode.DeepEquals(old, next)) return old.DeepClone().AsObject();
            if (dryRun) return next;
            if (oldMeta["deletionTimestamp"] is not null && (nextMeta["finalizers"] as JsonArray ?? []).Count == 0)
            {
                Commit(type, ns, "DELETED", old, next);
                return next.DeepClone().AsObject();
            }
            Commit(type, ns, "MODIFIED", old, next);
            return next.DeepClone().AsObject();
        }
    }

    /// <summary>Deletes an object, or with finalizers marks it (deletionTimestamp, generation +1) and leaves it
    /// for whoever owns the finalizers. Returns the object as the server answers a DELETE.</summary>
    public JsonObject Delete(ResourceType type, string ns, string name, bool dryRun = false)
    {
        lock (gate)
        {
            var key = ObjectKey.Of(type, ns, name);
            if (!_objects.TryGetValue(key, out var old)) throw ApiError.NotFound(type, name);
            var next = old.DeepClone().AsObject();
            var meta = next["metadata"]!.AsObject();
            if ((meta["finalizers"] as JsonArray ?? []).Count > 0)
            {
                if (meta["deletionTimestamp"] is not null) return next;
                meta["deletionTimestamp"] = Timestamp(DateTimeOffset.UtcNow);
                meta["deletionGracePeriodSeconds"] = 0;
                if (Patches.Long(meta["generation"]) is { } generation) meta["generation"] = generation + 1;
                if (dryRun) return next;
                Commit(type, ns, "MODIFIED", old, next);
                return next.DeepClone().AsObject();
            }
            if (dryRun) return next;
            Commit(type, ns, "DELETED", old, next);
            return next.DeepClone().AsObject();
        }
    }

    public void Compact()
    {
        lock (gate)
        {
            _compactedThrough = _resourceVersion;
            _log.Clear();
        }
    }

    static bool GenerationMoves(ResourceType type, JsonObject old, JsonObject next)
    {
        bool Differs(params string[] ignored)
        {
            var a = old.DeepClone().AsObject();
            var b = next.DeepClone().AsObject();
            foreach (var field in ignored)
            {
                a.Remove(field);
                b.Remove(field);
            }
            return !JsonNode.DeepEquals(a, b);
        }
        return type.Generation switch
        {
            GenerationPolicy.Spec => Differs("metadata", "status"),
            GenerationPolicy.SpecOrAnnotations => Differs("metadata", "status")
                || !JsonNode.DeepEquals(old["metadata"]?["annotations"], next["metadata"]?["annotations"]),
            GenerationPolicy.AnythingButMetadata => Differs("metadata"),
            _ => false,
        };
    }

    static string Suffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Concat(Enumerable.Range(0, 5).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]));
    }

    /// <summary>Stores (or removes) the object at a new resourceVersion, logs the change and fans it out.
    /// Called with the gate held.</summary>
    void Commit(ResourceType type, string ns, string eventType, JsonObject? old, JsonObject next)
    {
        var rv = ++_resourceVersion;
        next["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var key = ObjectKey.Of(type, ns, Patches.Text(next["metadata"]!["name"])!);
        var stored = next.DeepClone().AsObject();
        if (eventType == "DELETED") _objects.Remove(key);
        else _objects[key] = stored;
        var entry = (rv, type, ns, eventType, old, stored);
        _log.Add(entry);
        foreach (var subscription in _subscriptions)
            if (Event(subscription, entry) is { } line) subscription.Lines.Writer.TryWrite(line);
        changed();
    }

    /// <summary>The event one watch sees for one change: a filtered watch sees an object that stops matching as
    /// DELETED (its previous content at the new resourceVersion) and one that starts matching as ADDED, as the
    /// watch cache does.</summary>
    static WatchLine? Event(Subscription subscription,
        (long Rv, ResourceType Type, string Namespace, string EventType, JsonObject? Old, JsonObject Object) change)
    {
        if (change.Type.Key != subscription.Type.Key) return null;
        if (subscription.Namespace is { } ns && change.Namespace != ns) return null;
        var nowMatches = subscription.Matches(change.Object);
        var oldMatches = change.Old is not null && subscription.Matches(change.Old);
        switch (change.EventType)
        {
            case "ADDED":
                return nowMatches ? Line("ADDED", change.Object) : null;
            case "DELETED":
                return nowMatches || oldMatches ? Line("DELETED", change.Object) : null;
            default:
                if (nowMatches) return Line(oldMatches ? "MODIFIED" : "ADDED", change.Object);
                if (!oldMatches) return null;
                var previous = change.Old!.DeepClone().AsObject();
                previous["metadata"]!["resourceVersion"] = change.Rv.ToString(CultureInfo.InvariantCulture);
                return Line("DELETED", previous);
        }
    }

    public static WatchLine Line(string type, JsonObject obj) =>
        new(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString());

    // ---- watches ---------------------------------------------------------------------------------------------

    /// <summary>Opens a watch. With no resourceVersion (or "0") it starts with ADDED for every matching object;
    /// with N it replays every change after N; with N older than the last compaction it gets one ERROR event
    /// (Status 410 Expired) and ends, as the watch cache answers "too old resource version".</summary>
    public Subscription Subscribe(ResourceType type, string? ns, Func<JsonObject, bool> matches, string? resourceVersion,
        bool initialEventsEndBookmark)
    {
        var subscription = new Subscription(type, ns, matches);
        lock (gate)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var item in List(type, ns, matches).Items) subscription.Lines.Writer.TryWrite(Line("ADDED", item));
                if (initialEventsEndBookmark) subscription.Lines.Writer.TryWrite(Bookmark(type, _resourceVersion, initialEventsEnd: true));
            }
            else
            {
                if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
                    throw ApiError.BadRequest($"invalid resource version: {resourceVersion}");
                if (from < _compactedThrough)
                {
                    var expired = ApiError.Expired($"too old resource version: {from} ({_compactedThrough})");
                    subscription.Lines.Writer.TryWrite(new WatchLine(new JsonObject { ["type"] = "ERROR",
                        ["object"] = expired.Status() }.ToJsonString(), Terminal: true));
                    return subscription;
                }
                foreach (var change in _log.Where(c => c.Rv > from))
                    if (Event(subscription, change) is { } line) subscription.Lines.Writer.TryWrite(line);
            }
            _subscriptions.Add(subscription);
        }
        changed();
        return subscription;
    }

    public void Unsubscribe(Subscription subscription)
    {
        lock (gate) _subscriptions.Remove(subscription);
        changed();
    }

    /// <summary>Queues a BOOKMARK at the current resourceVersion behind the events already queued.</summary>
    public void QueueBookmark(Subscription subscription)
    {
        lock (gate) subscription.Lines.Writer.TryWrite(Bookmark(subscription.Type, _resourceVersion, initialEventsEnd: false));
    }

    static WatchLine Bookmark(ResourceType type, long rv, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture), ["creationTimestamp"] = null };
        if (initialEventsEnd) metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        return Line("BOOKMARK", new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata });
    }

    /// <summary>Cuts every open watch; returns how many.</summary>
    public int DropAll(bool gracefully)
    {
        List<Subscription> open;
        lock (gate) open = [.. _subscriptions];
        foreach (var subscription in open)
        {
            subscription.DropGracefully = gracefully;
            try { subscription.Dropped.Cancel(); }
            catch (ObjectDisposedException) { } // it ended on its own meanwhile
        }
        return open.Count;
    }
}
