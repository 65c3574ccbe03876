using System.Net;
using k8s;
using k8s.Autorest;

namespace Fakes.Kubernetes.Tests;

/// <summary><c>GET …/pods/{pod}/log</c> through ReadNamespacedPodLogAsync, with the kubelet's refusals.</summary>
public sealed class PodLogTests
{
    static CancellationToken Ct => Harness.Ct;

    static async Task<string> Read(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }

    [Fact]
    public async Task An_init_containers_current_and_previous_logs_read_by_container_with_tailLines()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Pod("monitoring", "prometheus-0", "Pending", containers: ["prometheus", "config-reloader"],
            initContainers: ["render-config"]));
        h.Fake.SetLog("monitoring", "prometheus-0", "render-config", "rendering\nerror: GRAFANA_CLOUD_URL is empty\n");
        h.Fake.SetLog("monitoring", "prometheus-0", "render-config", "first attempt failed\n", previous: true);

        var current = await Read(await h.Client.CoreV1.ReadNamespacedPodLogAsync("prometheus-0", "monitoring", container: "render-config",
            cancellationToken: Ct));
        var tail = await Read(await h.Client.CoreV1.ReadNamespacedPodLogAsync("prometheus-0", "monitoring", container: "render-config",
            tailLines: 1, cancellationToken: Ct));
        var previous = await Read(await h.Client.CoreV1.ReadNamespacedPodLogAsync("prometheus-0", "monitoring", container: "render-config",
            previous: true, cancellationToken: Ct));
        var empty = await Read(await h.Client.CoreV1.ReadNamespacedPodLogAsync("prometheus-0", "monitoring", container: "prometheus",
            cancellationToken: Ct));

        current.ShouldBe("rendering\nerror: GRAFANA_CLOUD_URL is empty\n");
        tail.ShouldBe("error: GRAFANA_CLOUD_URL is empty\n");
        previous.ShouldBe("first attempt failed\n");
        empty.ShouldBe("");
        h.Fake.Requests.ShouldContain(r => r.Path == "/api/v1/namespaces/monitoring/pods/prometheus-0/log"
            && r.Query.Contains("previous=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_kubelets_refusals_are_400s_with_its_messages()
    {
        await using var h = await Harness.StartAsync();
        var pod = Objects.Pod("monitoring", "prometheus-0", "Pending", containers: ["prometheus", "config-reloader"],
            initContainers: ["render-config"]);
        pod["status"]!["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "prometheus",
            ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "PodInitializing" } } });
        h.Fake.Put(pod);

        async Task<string> Refusal(string? container, bool previous = false)
        {
            var e = await Should.ThrowAsync<HttpOperationException>(() =>
                h.Client.CoreV1.ReadNamespacedPodLogAsync("prometheus-0", "monitoring", container: container, previous: previous,
                    cancellationToken: Ct));
            e.Response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            return Harness.Status(e)["message"]!.GetValue<string>();
        }

        (await Refusal(null))
            .ShouldBe("a container name must be specified for pod prometheus-0, choose one of: [prometheus config-reloader] or one of " +
                "the init containers: [render-config]");
        (await Refusal("nope")).ShouldBe("container nope is not valid for pod prometheus-0");
        (await Refusal("render-config", previous: true))
            .ShouldBe("previous terminated container \"render-config\" in pod \"prometheus-0\" not found");
        (await Refusal("prometheus")).ShouldBe("container \"prometheus\" in pod \"prometheus-0\" is waiting to start: PodInitializing");
        var missing = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CoreV1.ReadNamespacedPodLogAsync("gone", "monitoring",
            cancellationToken: Ct));
        missing.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Harness.Status(missing)["message"]!.GetValue<string>().ShouldBe("pods \"gone\" not found");
    }
}
