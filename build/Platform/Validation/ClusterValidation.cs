using k8s;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.ExternalSecrets;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.Prometheus;

namespace Trinity.Build.Platform.Validation;

/// <summary>Validate for one cluster: every check the runbook did by hand, run side by side, one row each, in the
/// order the table shows them. A cluster that refuses the credentials or cannot be reached is one line, not a row per
/// check (<see cref="ClusterAccess"/>).</summary>
public static class ClusterValidation
{
    static readonly string[] EsoDeployments = ["external-secrets", "external-secrets-webhook", "external-secrets-cert-controller"];

    /// <param name="picture">Where the wave diagram of what was read goes.</param>
    public static async Task<IReadOnlyList<Check>> RunAsync(ClusterScope scope, GrafanaCloudQuery? grafanaCloud, WavePicture picture,
        CancellationToken ct)
    {
        try
        {
            var waves = WavesAsync(scope, picture, ct);
            var eso = EsoAsync(scope, ct);
            var store = StoreAsync(scope, ct);
            var canary = ExternalSecretCheck.RunAsync(scope, PlatformNamespaces.SecretsDemo, "provider-test-secret", ["message"],
                ("message", scope.Names.SecretsDemoExpectedValue), ct);
            var remoteWrite = ExternalSecretCheck.RunAsync(scope, PlatformNamespaces.Observability, "grafana-cloud-remote-write",
                ["url", "username", "password"], null, ct);
            // Generated in the cluster (no backend): Ready and holding its key, its value never shown.
            var grafanaAdmin = ExternalSecretCheck.RunAsync(scope, GeneratedSecrets.GrafanaAdmin.Namespace,
                GeneratedSecrets.GrafanaAdmin.ExternalSecret, [GeneratedSecrets.GrafanaAdmin.SecretKey], null, ct);
            var prometheus = PrometheusChecks.RunAsync(scope, ct);
            var scheduling = SchedulingAsync(scope, ct);
            List<Check> results =
                [await waves, await eso, await store, await canary, await remoteWrite, await grafanaAdmin, .. await prometheus,
                    await scheduling];
            if (grafanaCloud is not null) results.Add(await grafanaCloud.CheckAsync(scope.Names, ct));
            return results;
        }
        catch (Exception e) when (ClusterAccess.IsClusterFailure(e))
        {
            await picture.PublishAsync(reached: false, null, []);
            throw ClusterAccess.Describe(e, scope.Cluster, scope.Names.Cloud, scope.Remedies, "validating the platform");
        }
    }

    /// <summary>The root and its children as Argo CD sees them now; a failed lower-wave child that holds later waves back
    /// is named as the cause (docs/argocd.md#a-wave-that-blocks-the-platform).</summary>
    static async Task<Check> WavesAsync(ClusterScope scope, WavePicture picture, CancellationToken ct)
    {
        const string title = "Argo CD apps (root, waves)";
        var names = scope.Names;
        if (await ApplicationTree.ReadAsync(scope.Cluster, names.RootApplication, ct) is not { } tree)
        {
            await picture.PublishAsync(reached: true, null, []);
            return Check.Fail(title, $"root Application {names.RootApplication} does not exist in {PlatformNamespaces.ArgoCd}",
                $"the cluster stack applies it: {scope.Remedies.Up(names.Cloud)}");
        }
        var root = ApplicationState.From(tree.Root);
        var children = tree.Children.Select(ApplicationState.From).OrderBy(c => c.Wave).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        // One reading: Degraded, a failed sync or an *Error condition is failed now; anything else not fine is waited for.
        await picture.PublishAsync(reached: true, root, [.. children.Select(c => (c,
            WaveBlock.HasFailed(c) ? Progress.Failed : c.IsSyncedAndHealthy ? Progress.Done : Progress.Waiting,
            $"{c.Sync}/{c.Health}{(c.HealthMessage is { Length: > 0 } m ? $": {m}" : "")}"))]);
        if (WaveBlock.Find(root, children, WaveBlock.HasFailed) is { } block)
            return Check.Fail(title, string.Join("; ", [block.Headline, .. block.Details(names.RootApplication)]),
                block.Remedy(names, scope.Remedies));
        if (root.GaveUp)
            return Check.Fail(title, WaveBlock.RootLine(root, names.RootApplication)!, WaveBlock.ResyncRoot(names, scope.Remedies));
        var notDone = children.Where(c => !c.IsSyncedAndHealthy).Select(c => $"{c.Name} (wave {c.Wave}) {c.Sync}/{c.Health}" +
            (c.HealthMessage is { Length: > 0 } m ? $": {m}" : "")).ToList();
        if (!root.Sync.Is(SyncStatus.Synced) || notDone.Count > 0)
            return Check.Fail(title, $"root {root.Sync}; {(notDone.Count > 0 ? string.Join(", ", notDone) : "children Synced/Healthy")}",
                $"{scope.Remedies.WaitForSync(names.Cloud)} says what it waits for");
        var waves = string.Join(" · ", children.Select(c => c.Wave).Distinct());
        return Check.Pass(title, $"{names.RootApplication} Synced; {children.Count} Applications Synced/Healthy in waves {waves}");
    }

    static async Task<Check> EsoAsync(ClusterScope scope, CancellationToken ct)
    {
        const string title = "ESO operator (app, deploys, CRDs)";
        var names = scope.Names;
        var app = await KubernetesObjects.GetAsync(scope.Api, ArgoCdKinds.Application, PlatformNamespaces.ArgoCd, names.SecretsApplication,
            ct);
        if (app is null) return Check.Fail(title, $"Application {names.SecretsApplication} does not exist",
            scope.Remedies.WaitForSync(names.Cloud));
        var state = ApplicationState.From(app);
        if (!state.IsSyncedAndHealthy)
            return Check.Fail(title, $"{names.SecretsApplication} is {state.Sync}/{state.Health}",
                $"{scope.Remedies.WaitForSync(names.Cloud)} says what it waits for");

        const string ns = PlatformNamespaces.ExternalSecrets;
        var deployments = (await scope.Api.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct)).Items;
        var missing = EsoDeployments.Where(e => deployments.All(d => d.Metadata.Name != e)).ToList();
        if (missing.Count > 0) return Check.Fail(title, $"missing Deployments: {string.Join(", ", missing)}",
            $"check the chart values of {names.SecretsApplication}");
        var notRolledOut = deployments.Where(d => EsoDeployments.Contains(d.Metadata.Name)).Select(Rollout.Deployment).Where(r => !r.Done)
            .ToList();
        if (notRolledOut.Count > 0) return Check.Fail(title, string.Join("; ", notRolledOut.Select(r => r.Why)),
            $"{scope.Kubectl} -n {ns} rollout status deployment");
        var pods = (await scope.Api.CoreV1.ListNamespacedPodAsync(ns,
            cancellationToken: ct)).Items.Where(p => p.Status?.Phase != "Succeeded").ToList();
        var unready = pods.Where(p => !Rollout.Ready(p)).Select(p => $"{p.Metadata.Name} {p.Status?.Phase}").ToList();
        if (unready.Count > 0) return Check.Fail(title, $"pods not ready: {string.Join(", ", unready)}",
            $"{scope.Kubectl} -n {ns} describe pod");

        foreach (var crd in new[] { EsoKinds.ExternalSecret.CrdName, EsoKinds.ClusterSecretStore.CrdName })
            if (await KubernetesObjects.OrNullAsync(() => scope.Api.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd,
                cancellationToken: ct)) is null)
                return Check.Fail(title, $"CRD {crd} is missing",
                    "the chart installs its CRDs with installCRDs: true: check the app's sync result");
        return Check.Pass(title,
            $"{names.SecretsApplication} Synced/Healthy; {EsoDeployments.Length} Deployments rolled out; {pods.Count} pods ready; CRDs " +
                $"present");
    }

    static async Task<Check> StoreAsync(ClusterScope scope, CancellationToken ct)
    {
        const string title = "ClusterSecretStore ready";
        var names = scope.Names;
        var store = await KubernetesObjects.GetAsync(scope.Api, EsoKinds.ClusterSecretStore, null, names.SecretStore, ct);
        if (store is null) return Check.Fail(title, $"ClusterSecretStore {names.SecretStore} does not exist",
            $"it comes with {names.SecretsDemoApplication} (wave 2)");
        var ready = ReadyCondition.Of(store);
        return ready switch
        {
            // Ready proves little: GCP and Azure validate without calling the service (docs/external-secrets.md#stores).
            // The canary proves access.
            { IsTrue: true, Reason.Value: EsoReason.Valid } =>
                Check.Pass(title, $"{names.SecretStore} Ready (Valid) — necessary, not sufficient: the ExternalSecrets below prove access"),
            { IsTrue: true, Reason.Value: EsoReason.ValidationUnknown } =>
                Check.Warn(title, $"{names.SecretStore} Ready but ValidationUnknown: {ready.Message}",
                    $"a serviceAccountRef without namespace makes the store referent: {scope.Remedies.Verify()}"),
            _ => Check.Fail(title, $"{names.SecretStore} not ready ({ready?.Reason.ToString() ?? "no condition"}): {ready?.Message}",
                $"the store's provider config or identity: infra/pulumi/{names.CloudName} and {names.SecretsDemoOverlay}"),
        };
    }

    static async Task<Check> SchedulingAsync(ClusterScope scope, CancellationToken ct)
    {
        const string title = "pods schedulable";
        var pending = (await scope.Api.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "status.phase=Pending",
            cancellationToken: ct)).Items
            .Where(p => PlatformNamespaces.All.Contains(p.Metadata.NamespaceProperty)).ToList();
        var unschedulable = new List<string>();
        foreach (var pod in pending)
        {
            var events = await scope.Api.CoreV1.ListNamespacedEventAsync(pod.Metadata.NamespaceProperty,
                fieldSelector: $"involvedObject.name={pod.Metadata.Name},reason=FailedScheduling", cancellationToken: ct);
            if (events.Items.OrderByDescending(e => e.LastTimestamp ?? e.EventTime ?? e.Metadata.CreationTimestamp)
                .FirstOrDefault() is { } e)
                unschedulable.Add($"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} Pending: {e.Message}");
        }
        if (unschedulable.Count == 0)
            return Check.Pass(title,
                pending.Count == 0 ? "no Pending pods in the platform's namespaces" : $"{pending.Count} Pending, none unschedulable");
        var capacity = unschedulable.Any(u => u.Contains("Insufficient", StringComparison.Ordinal)
            || u.Contains("Too many pods", StringComparison.Ordinal));
        return Check.Fail(title, string.Join("; ", unschedulable),
            capacity ? $"the node pool is too small for the platform (infra/pulumi/{scope.Names.CloudName}: node count or machine type)"
                : "kubectl describe pod shows the scheduler's reasons");
    }
}
