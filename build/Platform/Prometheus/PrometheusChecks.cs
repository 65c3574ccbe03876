using k8s;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Manifests;
using Trinity.Build.Platform.Manifests.Rules;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.Validation;

namespace Trinity.Build.Platform.Prometheus;

/// <summary>Prometheus on one cluster, through the API server's service proxy (docs/prometheus.md): the pod runs, the init
/// container rendered the config, /-/ready, the loaded config has the URL in place and this cluster's labels, and
/// remote write is sending (samples rising, none failing).</summary>
public static class PrometheusChecks
{
    public const string Namespace = PlatformNamespaces.Observability, Service = "prometheus", Port = "9090";
    const string Rendered = "Prometheus config rendered", Sending = "remote write sending";

    public static async Task<IReadOnlyList<Check>> RunAsync(ClusterScope scope, CancellationToken ct)
    {
        var cluster = scope.Cluster;
        var names = scope.Names;
        var pods = (await cluster.Api.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app.kubernetes.io/name=prometheus",
            cancellationToken: ct)).Items;
        var pod = pods.OrderByDescending(p => p.Metadata.CreationTimestamp).FirstOrDefault();
        if (pod is null) return [Check.Fail(Rendered, $"no Prometheus pod in {Namespace}",
            $"{names.ObservabilityApplication} (wave 2) creates it"), Skipped()];

        var init = pod.Status?.InitContainerStatuses?.FirstOrDefault(s => s.Name == PrometheusRule.RenderContainer);
        if (init?.State?.Terminated is not { ExitCode: 0 })
        {
            var state = init?.State?.Terminated is { } t ? $"exited {t.ExitCode} ({t.Reason})" : init?.State?.Waiting is { } w
                ? $"waiting: {w.Reason} {w.Message}".TrimEnd() : "not started";
            var log = await LogAsync(cluster, pod.Metadata.Name, init?.RestartCount > 0, ct);
            return [Check.Fail(Rendered,
                $"{pod.Metadata.Name}: init container {PrometheusRule.RenderContainer} {state}{(log.Length > 0 ? $"; log: {log}" : "")}",
                "the url key of Secret grafana-cloud-remote-write must be one https:// line: check the grafana-cloud-remote-write row " +
                    "and the backend value"), Skipped()];
        }
        var initLog = await LogAsync(cluster, pod.Metadata.Name, previous: false, ct);
        if (!initLog.Contains("rendered prometheus.yml", StringComparison.Ordinal))
            return [Check.Fail(Rendered, $"{PrometheusRule.RenderContainer} exited 0 but its log does not show the render",
                $"{scope.Kubectl} -n {Namespace} logs {pod.Metadata.Name} -c {PrometheusRule.RenderContainer}"), Skipped()];
        if (!Rollout.Ready(pod))
            return [Check.Fail(Rendered, $"{pod.Metadata.Name} is {pod.Status?.Phase}, not ready",
                $"{scope.Kubectl} -n {Namespace} describe pod {pod.Metadata.Name}"), Skipped()];

        var (readyStatus, readyBody) = await ServiceProxy.GetAsync(cluster, Namespace, Service, Port, "-/ready", ct);
        if (readyStatus != HttpStatusCode.OK) return [Check.Fail(Rendered, $"/-/ready answered {(int)readyStatus}: {First(readyBody)}",
            "Prometheus is starting or failing: its log says why"), Skipped()];

        var version = await VersionAsync(cluster, ct);
        var (configStatus, configBody) = await ServiceProxy.GetAsync(cluster, Namespace, Service, Port, "api/v1/status/config", ct);
        var yaml = configStatus == HttpStatusCode.OK ? KubernetesObjects.Text(JsonNode.Parse(configBody)?["data"]?["yaml"]) : null;
        var problem = yaml is null ? $"/api/v1/status/config answered {(int)configStatus}" : ConfigProblem(yaml, names, version);
        var rendered = problem is null
            ? Check.Pass(Rendered,
                $"{pod.Metadata.Name} ready{(version is null ? "" : $" (Prometheus {version})")}; URL rendered; external_labels " +
                    $"cloud={names.CloudName}, cluster={names.Cluster}, platform=trinity; credentials from files")
            : Check.Fail(Rendered, problem,
                $"{scope.Remedies.Verify()} checks the template and overlay; the running config comes from them");
        return [rendered, await RemoteWriteAsync(scope, ct)];
    }

    /// <summary>The running Prometheus's version from /api/v1/status/buildinfo, or null when it does not say.</summary>
    static async Task<Version?> VersionAsync(Cluster cluster, CancellationToken ct)
    {
        var (status, body) = await ServiceProxy.GetAsync(cluster, Namespace, Service, Port, "api/v1/status/buildinfo", ct);
        var text = status == HttpStatusCode.OK ? KubernetesObjects.Text(JsonNode.Parse(body)?["data"]?["version"]) : null;
        var core = text?.Split('+', '-')[0];
        return Version.TryParse(core, out var version) ? version : null;
    }

    static string? ConfigProblem(string yaml, PlatformNames names, Version? version)
    {
        if (yaml.Contains(PrometheusRule.Placeholder,
            StringComparison.Ordinal)) return $"the loaded config still holds {PrometheusRule.Placeholder}";
        var config = Yaml.Documents(yaml) is [var first, ..] ? first : null;
        var labels = config?["global"]?["external_labels"];
        var expected = new Dictionary<string,
            string> { ["cloud"] = names.CloudName, ["cluster"] = names.Cluster, ["platform"] = "trinity" };
        var wrong = expected.Where(e => labels?[e.Key]?.ToString() != e.Value)
            .Select(e => $"{e.Key}='{labels?[e.Key]}' (expected {e.Value})").ToList();
        if (wrong.Count > 0) return $"external_labels: {string.Join(", ", wrong)}";
        var write = config?["remote_write"]?[0];
        if (write?["url"]?.ToString() is not { } url
            || !url.StartsWith("https://", StringComparison.Ordinal)) return "remote_write[0].url is not an https:// URL";
        // Before 2.49 only the password can come from a file (docs/prometheus.md); the platform's Prometheus reads both.
        var auth = write["basic_auth"];
        if (version is not null && version < OlderPrometheus.UsernameFileSince)
        {
            if (auth?["password_file"] is null) return $"remote_write[0].basic_auth does not read password_file (Prometheus {version})";
        }
        else if (auth?["username_file"] is null || auth["password_file"] is null)
            return "remote_write[0].basic_auth does not read username_file and password_file";
        return null;
    }

    /// <summary>Sending means samples rising and none failing over the last five minutes: one query each.</summary>
    static async Task<Check> RemoteWriteAsync(ClusterScope scope, CancellationToken ct)
    {
        var sent = await RateAsync(scope.Cluster, "prometheus_remote_storage_samples_total", ct);
        var failed = await RateAsync(scope.Cluster, "prometheus_remote_storage_samples_failed_total", ct);
        if (sent is null || failed is null) return Check.Fail(Sending, "the query API did not answer",
            $"{scope.Kubectl} -n {Namespace} port-forward svc/{Service} {Port} and look at /api/v1/query");
        if (failed > 0) return Check.Fail(Sending,
            $"samples failing at {failed:0.##}/s (non-recoverable: 4xx, e.g. 401 for wrong credentials)",
                $"check the grafana-cloud-remote-write username and password in the backend; " +
                    $"{scope.Remedies.ApplySecrets(scope.Names.Cloud)} writes the stack's");
        if (sent <= 0) return Check.Fail(Sending, "no samples sent in the last 5 minutes",
            "Prometheus logs 'remote write' errors: check the URL and the network egress");
        return Check.Pass(Sending, $"{sent:0.##} samples/s sent, none failed");
    }

    static async Task<double?> RateAsync(Cluster cluster, string metric, CancellationToken ct)
    {
        var query = Uri.EscapeDataString($"sum(rate({metric}[5m]))");
        var (status, body) = await ServiceProxy.GetAsync(cluster, Namespace, Service, Port, $"api/v1/query?query={query}", ct);
        if (status != HttpStatusCode.OK) return null;
        if (JsonNode.Parse(body)?["data"]?["result"] is not JsonArray result) return null;
        if (result.Count == 0) return 0;
        return double.TryParse(result[0]?["value"]?[1]?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    static async Task<string> LogAsync(Cluster cluster, string pod, bool previous, CancellationToken ct)
    {
        try
        {
            await using var stream = await cluster.Api.CoreV1.ReadNamespacedPodLogAsync(pod, Namespace,
                container: PrometheusRule.RenderContainer, previous: previous, tailLines: 20, cancellationToken: ct);
            using var reader = new StreamReader(stream);
            return First(await reader.ReadToEndAsync(ct), all: true);
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return "";
        }
    }

    static Check Skipped() => new(Sending, Verdict.Skip, "Prometheus is not ready");

    static string First(string text, bool all = false)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all ? string.Join(" / ", lines.TakeLast(3)) : lines.FirstOrDefault() ?? "";
    }
}
