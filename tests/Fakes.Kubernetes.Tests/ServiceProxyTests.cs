using System.Net;
using System.Net.Http.Headers;
using k8s;
using k8s.Autorest;

namespace Fakes.Kubernetes.Tests;

/// <summary><c>/api/v1/namespaces/{ns}/services/{name}:{port}/proxy/{path}</c>: the generated
/// ConnectGetNamespacedServiceProxyWithPathAsync and a raw GET with a query string (Prometheus' HTTP API).</summary>
public sealed class ServiceProxyTests
{
    static CancellationToken Ct => Harness.Ct;

    static async Task<string> Read(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }

    static (int, string) Prometheus(string path, string query) => path switch
    {
        "/-/ready" => (200, "Prometheus Server is Ready.\n"),
        "/api/v1/status/config" => (200,
            """{"status":"success","data":{"yaml":"remote_write:\n- url: https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push\n"}}"""),
        "/api/v1/query" => (200,
            $$"""{"status":"success","data":{"resultType":"vector","result":[]},"query":"{{Uri.UnescapeDataString(query)}}"}"""),
        _ => (404, "404 page not found\n"),
    };

    [Fact]
    public async Task The_generated_proxy_call_reaches_the_mapped_handler_with_the_path()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.MapServiceProxy("monitoring", "prometheus", "9090", Prometheus);

        var ready = await Read(await h.Client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("prometheus:9090", "monitoring",
            "-/ready", cancellationToken: Ct));
        var config = JsonNode.Parse(await Read(await h.Client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("prometheus:9090",
            "monitoring", "api/v1/status/config", cancellationToken: Ct)))!;
        // 21.0.8 puts the path into the URL unescaped, so a query string in it reaches the service.
        var query = JsonNode.Parse(await Read(await h.Client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("prometheus:9090",
            "monitoring", "api/v1/query?query=up", cancellationToken: Ct)))!;
        var backend404 = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("prometheus:9090", "monitoring", "nope", cancellationToken: Ct));

        ready.ShouldBe("Prometheus Server is Ready.\n");
        config["data"]!["yaml"]!.GetValue<string>().ShouldContain("grafana.net/api/prom/push");
        query["query"]!.GetValue<string>().ShouldBe("query=up");
        backend404.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        backend404.Response.Content.ShouldBe("404 page not found\n");
        h.Fake.Requests.ShouldContain(r => r.Path == "/api/v1/namespaces/monitoring/services/prometheus:9090/proxy/api/v1/status/config");
    }

    [Fact]
    public async Task A_raw_GET_with_a_query_and_the_scheme_form_reach_the_handler()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.MapServiceProxy("monitoring", "prometheus", "9090", Prometheus);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", h.Fake.Token);

        var plain = await http.GetStringAsync(new Uri(h.Fake.Url,
            "/api/v1/namespaces/monitoring/services/prometheus:9090/proxy/api/v1/query?query=count%20by%20(cluster)%20(up)"), Ct);
        var scheme = await http.GetStringAsync(new Uri(h.Fake.Url,
            "/api/v1/namespaces/monitoring/services/http:prometheus:9090/proxy/-/ready"), Ct);

        JsonNode.Parse(plain)!["query"]!.GetValue<string>().ShouldBe("query=count by (cluster) (up)");
        scheme.ShouldBe("Prometheus Server is Ready.\n");
    }

    [Fact]
    public async Task An_unknown_service_is_a_404_and_a_service_without_endpoints_a_503()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Service("monitoring", "alertmanager"));

        var unknown = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("prometheus:9090", "monitoring", "-/ready",
                cancellationToken: Ct));
        var noEndpoints = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("alertmanager:9093", "monitoring", "-/ready",
                cancellationToken: Ct));

        unknown.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Harness.Status(unknown)["message"]!.GetValue<string>().ShouldBe("services \"prometheus\" not found");
        noEndpoints.Response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        Harness.Status(noEndpoints)["message"]!.GetValue<string>().ShouldBe("no endpoints available for service \"alertmanager:9093\"");
    }
}
