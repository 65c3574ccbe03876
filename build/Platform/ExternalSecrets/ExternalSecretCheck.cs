using k8s;
using System.Text;
using Engine;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Validation;

namespace Trinity.Build.Platform.ExternalSecrets;

/// <summary>One ExternalSecret, judged as docs/external-secrets.md#when-an-externalsecret-is-synced says: Ready=True
/// with reason SecretSynced and fresh (syncedResourceVersion from the current generation — there is no
/// observedGeneration; a CreatedOnce one is synced once and stays so), its target Secret holding the expected keys,
/// and (for the canary) the expected value,
/// compared and never printed. When it does not sync, the cause comes from its UpdateFailed events.</summary>
public static class ExternalSecretCheck
{
    public static async Task<Check> RunAsync(ClusterScope scope, string ns, string name, IReadOnlyList<string> keys,
        (string Key, string Value)? expected, CancellationToken ct)
    {
        var title = $"{name} synced";
        var es = await KubernetesObjects.GetAsync(scope.Api, EsoKinds.ExternalSecret, ns, name, ct);
        if (es is null)
            return Check.Fail(title, $"ExternalSecret {ns}/{name} does not exist",
                $"it comes with wave 2: {scope.Remedies.WaitForSync(scope.Names.Cloud)}");

        var ready = ReadyCondition.Of(es);
        var generation = es["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var synced = KubernetesObjects.Text(es["status"]?["syncedResourceVersion"]);
        if (ready is not { IsTrue: true, Reason.Value: EsoReason.SecretSynced })
        {
            var reason = ready?.Reason.ToString() ?? "no Ready condition yet";
            var message = await LatestUpdateFailedAsync(scope, ns, name, ct);
            if (message is null)
                return Check.Fail(title, $"not Ready ({reason}) and no UpdateFailed event",
                    $"{scope.Kubectl} -n {ns} describe externalsecret {name}");
            var diagnosis = FailureClass.Classify(message, scope);
            return Check.Fail(title, $"{diagnosis.Class}: {message}", diagnosis.Remedy);
        }
        // CreatedOnce syncs once and then never again, not even for a newer generation: an older one is its normal state.
        var once = ExternalSecretSources.Of(es).SyncsOnce;
        if (synced is null || (!once && !synced.StartsWith($"{generation}-", StringComparison.Ordinal)))
            return Check.Fail(title, $"Ready, but stale: synced {synced ?? "nothing"} while the object is at generation {generation}",
                $"wait for the next reconcile, or force it: {scope.Kubectl} -n {ns} annotate externalsecret {name} force-sync=$(date " +
                    $"+%s) --overwrite");

        var target = KubernetesObjects.Text(es["spec"]?["target"]?["name"]) ?? name;
        var secret = await KubernetesObjects.OrNullAsync(() => scope.Api.CoreV1.ReadNamespacedSecretAsync(target, ns,
            cancellationToken: ct));
        if (secret is null) return Check.Fail(title, $"Ready, but its Secret {ns}/{target} does not exist",
            "ESO deletes and recreates it: check the ExternalSecret's target");
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        foreach (var value in data.Values) Secrets.Register(Encoding.UTF8.GetString(value));
        var missing = keys.Where(k => !data.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            return Check.Fail(title, $"Secret {ns}/{target} lacks {string.Join(", ", missing)}",
                $"check spec.data of the ExternalSecret ({scope.Remedies.Verify()})");
        if (expected is { } e && Encoding.UTF8.GetString(data[e.Key]) != e.Value)
            return Check.Fail(title, $"Secret {ns}/{target} key {e.Key} holds a value other than the expected one (not shown)",
                $"the backend holds another value: {scope.Remedies.ApplySecrets(scope.Names.Cloud)} writes the one in the stack's config");
        var at = once ? $"SecretSynced once (CreatedOnce, at {synced})" : $"SecretSynced at generation {generation}";
        return Check.Pass(title,
            $"{at}; {target} has {string.Join(", ", keys)}{(expected is null ? "" : ", value as " +
                "expected")}");
    }

    static async Task<string?> LatestUpdateFailedAsync(ClusterScope scope, string ns, string name, CancellationToken ct)
    {
        var events = await scope.Api.CoreV1.ListNamespacedEventAsync(ns,
            fieldSelector: $"involvedObject.kind={EsoKinds.ExternalSecret.Kind},involvedObject.name={name},reason=UpdateFailed",
                cancellationToken: ct);
        return events.Items.OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp)
            .FirstOrDefault()?.Message;
    }
}
