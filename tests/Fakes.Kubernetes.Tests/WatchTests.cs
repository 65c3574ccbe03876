using System.Net;
using k8s;
using k8s.Autorest;

namespace Fakes.Kubernetes.Tests;

/// <summary>Watches of Applications and ExternalSecrets through the client's generated watch calls: events in
/// order, selectors, resuming after a dropped stream, 410 after compaction, bookmarks and timeouts.</summary>
public sealed class WatchTests
{
    const string Group = "argoproj.io", Version = "v1alpha1", Plural = "applications";
    static CancellationToken Ct => Harness.Ct;
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    static string Rv(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    /// <summary>Reads a watch in the background into a list the test can wait on.</summary>
    sealed class Reader
    {
        readonly List<(WatchEventType Type, JsonObject Object)> _events = [];

        public Reader(IAsyncEnumerable<(WatchEventType, object)> events) => Completion = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, item) in events)
                    lock (_events) _events.Add((type, Harness.Node(item)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failure = e;
            }
        });

        public Task Completion { get; }

        public Exception? Failure { get; private set; }

        public IReadOnlyList<(WatchEventType Type, JsonObject Object)> Events
        {
            get { lock (_events) return [.. _events]; }
        }

        public IReadOnlyList<string> Seen => [.. Events.Select(e => $"{e.Type} {Name(e.Object)}")];
    }

    [Fact]
    public async Task A_watch_from_a_listed_resourceVersion_sees_changes_in_order()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        var list = Harness.Node(await h.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            cancellationToken: Ct));
        var from = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        list["kind"]!.GetValue<string>().ShouldBe("ApplicationList");
        list["items"]!.AsArray().Count.ShouldBe(1);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reader = new Reader(h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            resourceVersion: from, cancellationToken: cts.Token));
        await h.Fake.WaitForWatchesAsync(1, Wait, Ct);
        h.Fake.Put(Objects.Application("prometheus"));
        h.Fake.Mutate("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso", app => app["status"]!["sync"]!["status"] = "Synced");
        h.Fake.Delete("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "prometheus");
        await h.Fake.WaitUntilAsync(() => reader.Events.Count == 3, Wait, "3 events", Ct);
        await cts.CancelAsync();

        reader.Seen.ShouldBe(["Added prometheus", "Modified eso", "Deleted prometheus"]);
        reader.Events[1].Object["status"]!["sync"]!["status"]!.GetValue<string>().ShouldBe("Synced");
        reader.Events.Select(e => long.Parse(Rv(e.Object), System.Globalization.CultureInfo.InvariantCulture)).ShouldBeInOrder();
        Rv(reader.Events[2].Object).ShouldBe(h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_dropped_watch_fails_with_an_IOException_and_resumes_from_the_last_resourceVersion_without_gaps()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        var from = h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var first = new Reader(h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            resourceVersion: from, allowWatchBookmarks: true, cancellationToken: Ct));
        await h.Fake.WaitForWatchesAsync(1, Wait, Ct);
        h.Fake.Mutate("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso", app => app["status"]!["health"]!["status"] = "Healthy");
        await h.Fake.WaitUntilAsync(() => first.Events.Count == 1, Wait, "the first event", Ct);

        h.Fake.DropWatches().ShouldBe(1);
        await first.Completion.WaitAsync(Wait, Ct);
        // Changes while nobody watches.
        h.Fake.Put(Objects.Application("prometheus"));
        h.Fake.Mutate("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso", app => app["status"]!["sync"]!["status"] = "Synced");

        first.Failure.ShouldBeAssignableTo<IOException>();
        var last = Rv(first.Events[^1].Object);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var second = new Reader(h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            resourceVersion: last, cancellationToken: cts.Token));
        await h.Fake.WaitUntilAsync(() => second.Events.Count == 2, Wait, "the missed events", Ct);
        await cts.CancelAsync();

        second.Seen.ShouldBe(["Added prometheus", "Modified eso"]);
    }

    [Fact]
    public async Task A_gracefully_dropped_watch_just_ends()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        var reader = new Reader(h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            cancellationToken: Ct));
        await h.Fake.WaitUntilAsync(() => reader.Events.Count == 1, Wait, "the initial ADDED", Ct);

        h.Fake.DropWatches(gracefully: true);
        await reader.Completion.WaitAsync(Wait, Ct);

        reader.Failure.ShouldBeNull();
        reader.Seen.ShouldBe(["Added eso"]);
    }

    [Fact]
    public async Task After_Compact_a_watch_from_an_older_resourceVersion_gets_410_Expired_through_onError_and_ends()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        var old = h.Fake.ResourceVersion;
        h.Fake.Put(Objects.Application("prometheus"));
        h.Fake.Compact();

        var errors = new List<Exception>();
        var events = new List<WatchEventType>();
        await foreach (var (type, _) in h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            resourceVersion: old.ToString(System.Globalization.CultureInfo.InvariantCulture), onError: errors.Add, cancellationToken: Ct))
            events.Add(type);

        events.ShouldBeEmpty();
        var error = errors.ShouldHaveSingleItem().ShouldBeOfType<KubernetesException>();
        error.Status.Code.ShouldBe(410);
        error.Status.Reason.ShouldBe("Expired");
        error.Status.Message.ShouldBe($"too old resource version: {old} ({h.Fake.ResourceVersion})");
        h.Fake.Requests.Single(r => r.IsWatch).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Without_onError_a_410_is_invisible_the_enumeration_just_ends_with_no_events()
    {
        // What a caller that passes no onError sees: indistinguishable from a watch the server closed, so it must
        // not resume from the same resourceVersion forever; pass onError and relist on KubernetesException 410.
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        var old = h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        h.Fake.Put(Objects.Application("prometheus"));
        h.Fake.Compact();

        var events = 0;
        await foreach (var _ in h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            resourceVersion: old, cancellationToken: Ct))
            events++;

        events.ShouldBe(0);
        h.Fake.OpenWatches.ShouldBe(0);
    }

    [Fact]
    public async Task A_cluster_scoped_watch_of_ClusterSecretStores_and_a_typed_pod_watch_with_a_field_selector()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.ClusterSecretStore("platform-secrets"));
        h.Fake.Put(Objects.Pod("monitoring", "prometheus-0", "Pending"));
        h.Fake.Put(Objects.Pod("monitoring", "agent-0", "Running"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var stores = new Reader(h.Client.CustomObjects.WatchListClusterCustomObjectAsync("external-secrets.io", "v1", "clustersecretstores",
            cancellationToken: cts.Token));
        var pods = new List<(WatchEventType Type, string Name, string Phase)>();
        var podWatch = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, pod) in h.Client.CoreV1.WatchListNamespacedPodAsync("monitoring",
                    fieldSelector: "status.phase=Pending",
                    allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: "NotOlderThan", cancellationToken: cts.Token))
                    lock (pods) pods.Add((type, pod.Metadata?.Name ?? "", pod.Status?.Phase ?? ""));
            }
            catch (OperationCanceledException)
            {
            }
        }, Ct);
        await h.Fake.WaitUntilAsync(() => stores.Events.Count == 1 && pods.Count == 2, Wait, "the initial events", Ct);

        h.Fake.Mutate("external-secrets.io/v1", "ClusterSecretStore", null, "platform-secrets",
            s => s["status"]!["conditions"]![0]!["status"] = "False");
        h.Fake.Mutate("v1", "Pod", "monitoring", "prometheus-0", p => p["status"]!["phase"] = "Running");
        await h.Fake.WaitUntilAsync(() => stores.Events.Count == 2 && pods.Count == 3, Wait, "the changes", Ct);
        await cts.CancelAsync();
        await podWatch;

        stores.Seen.ShouldBe(["Added platform-secrets", "Modified platform-secrets"]);
        stores.Events[1].Object["metadata"]!["namespace"].ShouldBeNull();
        pods[0].ShouldBe((WatchEventType.Added, "prometheus-0", "Pending"));
        pods[1].Type.ShouldBe(WatchEventType.Bookmark); // the end of the initial events
        pods[2].ShouldBe((WatchEventType.Deleted, "prometheus-0", "Pending")); // left the selector
    }

    [Fact]
    public async Task After_Compact_an_Exact_list_or_a_continue_token_from_before_is_an_HTTP_410()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("a"));
        h.Fake.Put(Objects.Application("b"));
        var page = Harness.Node(await h.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            limit: 1, cancellationToken: Ct));
        var token = page["metadata"]!["continue"]!.GetValue<string>();
        var old = page["metadata"]!["resourceVersion"]!.GetValue<string>();
        page["metadata"]!["remainingItemCount"]!.GetValue<long>().ShouldBe(1);
        h.Fake.Put(Objects.Application("c"));
        h.Fake.Compact();

        var exact = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group,
            Version, Objects.ArgoCd, Plural,
            resourceVersion: old, resourceVersionMatch: "Exact", cancellationToken: Ct));
        var next = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group,
            Version, Objects.ArgoCd, Plural,
            continueParameter: token, limit: 1, cancellationToken: Ct));
        var notOlderThan = Harness.Node(await h.Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            resourceVersion: old, cancellationToken: Ct));

        exact.Response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        Harness.Status(exact)["reason"]!.GetValue<string>().ShouldBe("Expired");
        Harness.Status(exact)["message"]!.GetValue<string>().ShouldBe("The resourceVersion for the provided list is too old.");
        next.Response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        Harness.Status(next)["message"]!.GetValue<string>().ShouldStartWith("The provided continue parameter is too old");
        notOlderThan["items"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_label_filtered_watch_sees_an_object_leave_the_selector_as_DELETED_and_enter_it_as_ADDED()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso", labels: new() { ["wave"] = "1" }));
        var from = h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reader = new Reader(h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            labelSelector: "wave=1", resourceVersion: from, cancellationToken: cts.Token));
        await h.Fake.WaitForWatchesAsync(1, Wait, Ct);

        h.Fake.Put(Objects.Application("other", labels: new() { ["wave"] = "2" }));
        h.Fake.Mutate("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso", app => app["metadata"]!["labels"]!["wave"] = "2");
        h.Fake.Mutate("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "other", app => app["metadata"]!["labels"]!["wave"] = "1");
        await h.Fake.WaitUntilAsync(() => reader.Events.Count == 2, Wait, "2 events", Ct);
        await cts.CancelAsync();

        reader.Seen.ShouldBe(["Deleted eso", "Added other"]);
        reader.Events[0].Object["metadata"]!["labels"]!["wave"]!.GetValue<string>().ShouldBe("1");
    }

    [Fact]
    public async Task Bookmarks_carry_the_current_resourceVersion_when_asked_for()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.BookmarkInterval = TimeSpan.FromMilliseconds(50);
        h.Fake.Put(Objects.Application("eso"));
        var current = h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reader = new Reader(h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            allowWatchBookmarks: true, resourceVersion: current, cancellationToken: cts.Token));

        await h.Fake.WaitUntilAsync(() => reader.Events.Count >= 1, Wait, "a bookmark", Ct);
        await cts.CancelAsync();

        var bookmark = reader.Events[0];
        bookmark.Type.ShouldBe(WatchEventType.Bookmark);
        bookmark.Object["kind"]!.GetValue<string>().ShouldBe("Application");
        Rv(bookmark.Object).ShouldBe(current);
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_watch_normally()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        var events = new List<WatchEventType>();

        await foreach (var (type, _) in h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(Group, Version, Objects.ArgoCd, Plural,
            timeoutSeconds: 1, cancellationToken: Ct).WithCancellation(Ct))
            events.Add(type);

        events.ShouldBe([WatchEventType.Added]);
        h.Fake.OpenWatches.ShouldBe(0);
    }

    [Fact]
    public async Task Many_concurrent_watches_each_see_every_change()
    {
        await using var h = await Harness.StartAsync();
        const int watchers = 24;
        h.Fake.Put(Objects.Application("eso"));
        var from = h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var clients = Enumerable.Range(0, 4).Select(_ => h.NewClient()).ToList();
        var readers = Enumerable.Range(0, watchers)
            .Select(i => new Reader(clients[i % clients.Count].CustomObjects.WatchListNamespacedCustomObjectAsync(
            Group, Version, Objects.ArgoCd, Plural, resourceVersion: from, cancellationToken: cts.Token))).ToList();
        await h.Fake.WaitForWatchesAsync(watchers, Wait, Ct);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => h.Fake.Put(Objects.Application($"app-{i}")), Ct)));
        await h.Fake.WaitUntilAsync(() => readers.All(r => r.Events.Count == 10), Wait, "10 events on every watch", Ct);
        await cts.CancelAsync();
        foreach (var client in clients) client.Dispose();

        var expected = readers[0].Seen;
        expected.Distinct().Count().ShouldBe(10);
        readers.ShouldAllBe(r => r.Seen.SequenceEqual(expected));
    }
}
