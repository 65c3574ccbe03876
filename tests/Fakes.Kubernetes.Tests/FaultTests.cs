using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;

namespace Fakes.Kubernetes.Tests;

/// <summary>Injected faults as the client sees them, request recording, and thread safety.</summary>
public sealed class FaultTests
{
    static CancellationToken Ct => Harness.Ct;

    [Fact]
    public async Task FailNext_answers_a_burst_of_500s_with_an_InternalError_Status_then_serves_again()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        h.Fake.FailNext(2);

        var first = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CustomObjects.GetNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", Objects.ArgoCd, "applications", "eso", Ct));
        var second = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CustomObjects.GetNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", Objects.ArgoCd, "applications", "eso", Ct));
        var third = Harness.Node(await h.Client.CustomObjects.GetNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", Objects.ArgoCd,
            "applications", "eso", Ct));

        first.Response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        Harness.Status(first)["reason"]!.GetValue<string>().ShouldBe("InternalError");
        second.Response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        third["metadata"]!["name"]!.GetValue<string>().ShouldBe("eso");
        h.Fake.Requests.Select(r => r.Status).ShouldBe([500, 500, 200]);
    }

    [Fact]
    public async Task FailNext_can_pick_its_requests_and_codes_503_and_429_carry_the_servers_reasons()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.FailNext(1, 503, r => r.Path.Contains("/pods", StringComparison.Ordinal));
        h.Fake.FailNext(1, 429);

        var throttled = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CoreV1.ListNamespacedEventAsync("default",
            cancellationToken: Ct));
        var unavailable = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CoreV1.ListNamespacedPodAsync("default",
            cancellationToken: Ct));
        await h.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: Ct);

        throttled.Response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Response.Headers["Retry-After"].ShouldBe(["1"]);
        Harness.Status(throttled)["reason"]!.GetValue<string>().ShouldBe("TooManyRequests");
        unavailable.Response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        Harness.Status(unavailable)["reason"]!.GetValue<string>().ShouldBe("ServiceUnavailable");
    }

    [Fact]
    public async Task A_500_on_a_watch_request_throws_HttpOperationException_from_the_enumeration()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.FailNext(1, 500, r => r.IsWatch);

        var e = await Should.ThrowAsync<HttpOperationException>(async () =>
        {
            await foreach (var _ in h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", Objects.ArgoCd,
                "applications", cancellationToken: Ct))
            {
            }
        });

        e.Response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task ResetNext_closes_the_connection_and_the_client_throws_HttpRequestException()
    {
        await using var h = await Harness.StartAsync();
        await h.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: Ct); // a warm pooled connection
        h.Fake.ResetNext(1);

        var e = await Should.ThrowAsync<HttpRequestException>(() => h.Client.CoreV1.ListNamespacedPodAsync("default",
            cancellationToken: Ct));
        var after = await h.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: Ct);

        e.InnerException.ShouldBeAssignableTo<IOException>();
        after.Items.ShouldBeEmpty();
        h.Fake.Requests.Select(r => r.Status).ShouldBe([200, 0, 200]);
    }

    [Fact]
    public async Task A_watch_that_ends_before_its_first_event_surfaces_as_HttpRequestException_in_this_client()
    {
        // KubernetesClient reads the first line of a watch before it returns the response: a drop or a
        // timeoutSeconds that comes before any event is an HttpRequestException("Error while copying content to a
        // stream."), not a clean end.
        await using var h = await Harness.StartAsync();
        var now = h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        async Task Drain(int? timeoutSeconds)
        {
            await foreach (var _ in h.Client.CustomObjects.WatchListNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", Objects.ArgoCd,
                "applications",
                resourceVersion: now, timeoutSeconds: timeoutSeconds, cancellationToken: Ct))
            {
            }
        }

        var dropping = Drain(null);
        await h.Fake.WaitForWatchesAsync(1, TimeSpan.FromSeconds(10), Ct);
        h.Fake.DropWatches();
        var dropped = await Should.ThrowAsync<HttpRequestException>(() => dropping);
        var quiet = await Should.ThrowAsync<HttpRequestException>(() => Drain(1));

        dropped.InnerException.ShouldBeAssignableTo<IOException>();
        quiet.InnerException.ShouldBeOfType<EndOfStreamException>();
    }

    [Fact]
    public async Task Latency_delays_every_request_and_RequestCount_counts_each_call_once()
    {
        await using var h = await Harness.StartAsync();
        var before = h.Fake.RequestCount;
        h.Fake.Latency = TimeSpan.FromMilliseconds(150);

        var clock = Stopwatch.StartNew();
        await h.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: Ct);
        await h.Client.AppsV1.ListNamespacedDeploymentAsync("default", cancellationToken: Ct);
        clock.Stop();

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
        (h.Fake.RequestCount - before).ShouldBe(2);
        var last = h.Fake.Requests[^1];
        last.Method.ShouldBe("GET");
        last.Path.ShouldBe("/apis/apps/v1/namespaces/default/deployments");
        last.Time.ShouldBeGreaterThan(h.Fake.Requests[^2].Time);
    }

    [Fact]
    public async Task Concurrent_writers_get_unique_increasing_resourceVersions()
    {
        await using var h = await Harness.StartAsync();
        var start = h.Fake.ResourceVersion;

        var written = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
            Enumerable.Range(0, 25)
                .Select(i => h.Fake.Put(Objects.ExternalSecret($"ns-{w}", $"es-{i}"))["metadata"]!["resourceVersion"]!.GetValue<string>())
                    .ToList(), Ct)));
        var listed = await h.Client.CustomObjects.ListClusterCustomObjectAsync("external-secrets.io", "v1", "externalsecrets",
            cancellationToken: Ct);

        var versions = written.SelectMany(v => v).Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        versions.Distinct().Count().ShouldBe(200);
        versions.Min().ShouldBe(start + 1);
        versions.Max().ShouldBe(start + 200);
        foreach (var perWriter in written) perWriter.Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBeInOrder();
        Harness.Node(listed)["items"]!.AsArray().Count.ShouldBe(200);
    }
}
