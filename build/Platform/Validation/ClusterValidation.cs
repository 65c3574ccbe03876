using k8s;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.ExternalSecrets;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.Prometheus;

namespace Trinity.Build.Platform.Validation;

/// <summary>Validate for one cluster: every check the runbook did by hand, run side by side, one row each.</summary>
public static class ClusterValidation
{
    public const string EsoNamespace = "external-secrets";
    public static readonly string[] PlatformNamespaces = ["argocd", "hello", "mandelbrot", EsoNamespace, "secrets-demo", "observability"];

    public static async Task<IReadOnlyList<Check>> RunAsync(Cluster cluster, PlatformNames names, GrafanaCloudQuery? grafanaCloud, CancellationToken ct)
    {
        var prometheus = PrometheusChecks.RunAsync(cluster, names, ct);
        Task<Check>[] checks =
        [
            Eso(cluster, names, ct),
            Store(cluster, names, ct),
            ExternalSecretCheck.RunAsync(cluster, names, "secrets-demo", "provider-test-secret", ["message"], ("message", names.SecretsDemoExpectedValue), ct),
            ExternalSecretCheck.RunAsync(cluster, names, "observability", "grafana-cloud-remote-write", ["url", "username", "password"], null, ct),
            Scheduling(cluster, names, ct),
        ];
        var results = (await Task.WhenAll(checks)).ToList();
        results.InsertRange(4, await prometheus);
        if (grafanaCloud is not null) results.Add(await grafanaCloud.CheckAsync(names, ct));
        return results;
    }

    static async Task<Check> Eso(Cluster cluster, PlatformNames names, CancellationToken ct)
    {
        const string title = "ESO operator (app, deploys, CRDs)";
        var app = await KubernetesObjects.GetAsync(cluster.Api, ApplicationWatch.Group, ApplicationWatch.Version, ApplicationWatch.Plural, SyncWaveWait.Namespace, names.SecretsApplication, ct);
        if (app is null) return Check.Fail(title, $"Application {names.SecretsApplication} does not exist", $"./build.sh WaitForSync --cloud {names.CloudName}");
        var state = ApplicationState.From(app);
        if (state.Sync != "Synced" || state.Health != "Healthy")
            return Check.Fail(title, $"{names.SecretsApplication} is {state.Sync}/{state.Health}", $"./build.sh WaitForSync --cloud {names.CloudName} says what it waits for");

        var deployments = (await cluster.Api.AppsV1.ListNamespacedDeploymentAsync(EsoNamespace, cancellationToken: ct)).Items;
        string[] expected = ["external-secrets", "external-secrets-webhook", "external-secrets-cert-controller"];
        var missing = expected.Where(e => deployments.All(d => d.Metadata.Name != e)).ToList();
        if (missing.Count > 0) return Check.Fail(title, $"missing Deployments: {string.Join(", ", missing)}", $"check the chart values of {names.SecretsApplication}");
        var notRolledOut = deployments.Where(d => expected.Contains(d.Metadata.Name)).Select(Rollout.Deployment).Where(r => !r.Done).ToList();
        if (notRolledOut.Count > 0) return Check.Fail(title, string.Join("; ", notRolledOut.Select(r => r.Why)), $"kubectl -n {EsoNamespace} rollout status deployment");
        var pods = (await cluster.Api.CoreV1.ListNamespacedPodAsync(EsoNamespace, cancellationToken: ct)).Items.Where(p => p.Status?.Phase != "Succeeded").ToList();
        var unready = pods.Where(p => !Rollout.Ready(p)).Select(p => $"{p.Metadata.Name} {p.Status?.Phase}").ToList();
        if (unready.Count > 0) return Check.Fail(title, $"pods not ready: {string.Join(", ", unready)}", $"kubectl -n {EsoNamespace} describe pod");

        string[] crds = ["externalsecrets.external-secrets.io", "clustersecretstores.external-secrets.io"];
        foreach (var crd in crds)
            if (await KubernetesObjects.OrNull(() => cluster.Api.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd, cancellationToken: ct)) is null)
                return Check.Fail(title, $"CRD {crd} is missing", "the chart installs its CRDs with installCRDs: true: check the app's sync result");
        return Check.Pass(title, $"{names.SecretsApplication} Synced/Healthy; {expected.Length} Deployments rolled out; {pods.Count} pods ready; CRDs present");
    }

    static async Task<Check> Store(Cluster cluster, PlatformNames names, CancellationToken ct)
    {
        const string title = "ClusterSecretStore ready";
        var store = await KubernetesObjects.GetAsync(cluster.Api, "external-secrets.io", "v1", "clustersecretstores", null, names.SecretStore, ct);
        if (store is null) return Check.Fail(title, $"ClusterSecretStore {names.SecretStore} does not exist", $"it comes with {names.SecretsDemoApplication} (wave 2)");
        var ready = (store["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => KubernetesObjects.Text(c?["type"]) == "Ready");
        var reason = KubernetesObjects.Text(ready?["reason"]);
        var message = KubernetesObjects.Text(ready?["message"]);
        return (KubernetesObjects.Text(ready?["status"]), reason) switch
        {
            // Ready proves little: GCP and Azure validate without calling the service (FACTS 2.3). The canary proves access.
            ("True", "Valid") => Check.Pass(title, $"{names.SecretStore} Ready (Valid) — necessary, not sufficient: the ExternalSecrets below prove access"),
            ("True", "ValidationUnknown") => Check.Warn(title, $"{names.SecretStore} Ready but ValidationUnknown: {message}", "a serviceAccountRef without namespace makes the store referent: ./build.sh Verify"),
            _ => Check.Fail(title, $"{names.SecretStore} not ready ({reason ?? "no condition"}): {message}", $"the store's provider config or identity: infra/pulumi/{names.CloudName} and platform/secrets-demo/overlays/{names.CloudName}"),
        };
    }

    static async Task<Check> Scheduling(Cluster cluster, PlatformNames names, CancellationToken ct)
    {
        const string title = "pods schedulable";
        var pending = (await cluster.Api.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "status.phase=Pending", cancellationToken: ct)).Items
            .Where(p => PlatformNamespaces.Contains(p.Metadata.NamespaceProperty)).ToList();
        var unschedulable = new List<string>();
        foreach (var pod in pending)
        {
            var events = await cluster.Api.CoreV1.ListNamespacedEventAsync(pod.Metadata.NamespaceProperty,
                fieldSelector: $"involvedObject.name={pod.Metadata.Name},reason=FailedScheduling", cancellationToken: ct);
            if (events.Items.OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp).FirstOrDefault() is { } e)
                unschedulable.Add($"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} Pending: {e.Message}");
        }
        if (unschedulable.Count == 0)
            return Check.Pass(title, pending.Count == 0 ? "no Pending pods in the platform's namespaces" : $"{pending.Count} Pending, none unschedulable");
        var capacity = unschedulable.Any(u => u.Contains("Insufficient", StringComparison.Ordinal) || u.Contains("Too many pods", StringComparison.Ordinal));
        return Check.Fail(title, string.Join("; ", unschedulable),
            capacity ? $"the node pool is too small for the platform (infra/pulumi/{names.CloudName}: node count or machine type)" : "kubectl describe pod shows the scheduler's reasons");
    }
}
