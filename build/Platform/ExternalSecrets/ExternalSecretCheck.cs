using k8s;
using System.Text;
using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.ExternalSecrets;

/// <summary>One ExternalSecret, judged as FACTS 2.1 says: Ready=True with reason SecretSynced and fresh
/// (syncedResourceVersion from the current generation — there is no observedGeneration), its target Secret holding
/// the expected keys, and (for the canary) the expected value, compared and never printed. When it does not sync,
/// the cause comes from its UpdateFailed events.</summary>
public static class ExternalSecretCheck
{
    public static async Task<Check> RunAsync(Cluster cluster, PlatformNames names, string ns, string name, IReadOnlyList<string> keys,
        (string Key, string Value)? expected, CancellationToken ct)
    {
        var title = $"{name} synced";
        var es = await KubernetesObjects.GetAsync(cluster.Api, "external-secrets.io", "v1", "externalsecrets", ns, name, ct);
        if (es is null)
            return Check.Fail(title, $"ExternalSecret {ns}/{name} does not exist", $"it comes with wave 2: ./build.sh WaitForSync --cloud {names.CloudName}");

        var ready = (es["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => KubernetesObjects.Text(c?["type"]) == "Ready");
        var generation = es["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var synced = KubernetesObjects.Text(es["status"]?["syncedResourceVersion"]);
        if (KubernetesObjects.Text(ready?["status"]) != "True" || KubernetesObjects.Text(ready?["reason"]) != "SecretSynced")
        {
            var reason = KubernetesObjects.Text(ready?["reason"]) ?? "no Ready condition yet";
            var message = await LatestUpdateFailedAsync(cluster, ns, name, ct);
            if (message is null)
                return Check.Fail(title, $"not Ready ({reason}) and no UpdateFailed event", $"kubectl --kubeconfig kubeconfig.{names.CloudName}.yaml -n {ns} describe externalsecret {name}");
            var diagnosis = FailureClass.Classify(message, names);
            return Check.Fail(title, $"{diagnosis.Class}: {message}", diagnosis.Remedy);
        }
        if (synced is null || !synced.StartsWith($"{generation}-", StringComparison.Ordinal))
            return Check.Fail(title, $"Ready, but stale: synced {synced ?? "nothing"} while the object is at generation {generation}",
                $"wait for the next reconcile, or force it: kubectl -n {ns} annotate externalsecret {name} force-sync=$(date +%s) --overwrite");

        var target = KubernetesObjects.Text(es["spec"]?["target"]?["name"]) ?? name;
        var secret = await KubernetesObjects.OrNull(() => cluster.Api.CoreV1.ReadNamespacedSecretAsync(target, ns, cancellationToken: ct));
        if (secret is null) return Check.Fail(title, $"Ready, but its Secret {ns}/{target} does not exist", "ESO deletes and recreates it: check the ExternalSecret's target");
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        foreach (var value in data.Values) Secrets.Register(Encoding.UTF8.GetString(value));
        var missing = keys.Where(k => !data.ContainsKey(k)).ToList();
        if (missing.Count > 0) return Check.Fail(title, $"Secret {ns}/{target} lacks {string.Join(", ", missing)}", $"check spec.data of the ExternalSecret (./build.sh Verify)");
        if (expected is { } e && Encoding.UTF8.GetString(data[e.Key]) != e.Value)
            return Check.Fail(title, $"Secret {ns}/{target} key {e.Key} holds a value other than the expected one (not shown)",
                $"the backend holds another value: ./build.sh SecretBackendsApply --cloud {names.CloudName} writes the one in the stack's config");
        return Check.Pass(title, $"SecretSynced at generation {generation}; {target} has {string.Join(", ", keys)}{(expected is null ? "" : ", value as expected")}");
    }

    static async Task<string?> LatestUpdateFailedAsync(Cluster cluster, string ns, string name, CancellationToken ct)
    {
        var events = await cluster.Api.CoreV1.ListNamespacedEventAsync(ns,
            fieldSelector: $"involvedObject.kind=ExternalSecret,involvedObject.name={name},reason=UpdateFailed", cancellationToken: ct);
        return events.Items.OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp).FirstOrDefault()?.Message;
    }
}
