using Engine;
using Engine.Processes;
using Engine.Text;
using Engine.Workflows;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.Teardown;
using Trinity.Build.Tools;

namespace Trinity.Build;

// The teardown: one cloud's cluster and everything Kubernetes made in the cloud for it, and nothing that outlives
// clusters (docs/teardown.md). Deploy builds it again from the foundation and the backend secrets that remain.
public sealed partial class Build
{
    [Parameter("Destroy: how long the cluster may take to delete its Applications, load balancers and volumes before the stack " +
        "is destroyed.")]
    public TimeSpan DestroyTimeout { get; set; } = TimeSpan.FromMinutes(15);

    Target Destroy => _ => _
        .Description("Tears one cloud's cluster down: Argo CD's automation off, the Applications deleted (last wave first) until no " +
            "LoadBalancer Service or PVC is left, then pulumi destroy of the cluster stack. Never the foundation or a backend secret.")
        .DependsOn(InfraDependencies, Preflight)
        .Requires(() => Clouds)
        .Requires(() => Clouds.Length == 1, () => "destroys one cloud at a time: pass exactly one --cloud")
        .Requires(() => Clouds.Length != 1 || Confirm == Names(Clouds[0]).Cluster,
            () => $"refusing without --confirm {ClusterOrPattern} (nothing was destroyed)")
        .Requires(() => KubeconfigFitsClouds, KubeconfigForOneCloud)
        .Requires(() => DestroyTimeout > TimeSpan.Zero,
            () => $"--destroy-timeout: {Durations.Format(DestroyTimeout)} is not longer than 0s")
        .ForEach(() => Clouds, DestroyAsync);

    async Task DestroyAsync(Cloud cloud, CancellationToken ct)
    {
        var stack = Stack(cloud);
        var config = await stack.Pulumi.ConfigAsync(showSecrets: false, ct);
        // Read first, changed never: what remains is shown even when a later step stops.
        var kept = new List<DestroyRow>
        {
            new(DestroyOutcome.Remains, $"foundation stack {Foundation(cloud).DisplayName}",
                "kept: the identities and trust every cluster of the environment uses; Deploy needs them again"),
        };
        kept.AddRange(await BackendSecretRowsAsync(cloud, stack, config, ct));

        TeardownResult? teardown = null;
        using (var cluster = await ClusterToEmptyAsync(cloud, stack, ct))
        {
            if (cluster is null) Log.Info($"{stack.DisplayName} has no cluster (no kubeconfig output): straight to pulumi destroy");
            else teardown = await new ClusterTeardown(cluster, Names(cloud), Remedies).RunAsync(DestroyTimeout, ct);
        }
        var rows = new List<DestroyRow>(teardown?.Removed.Select(r => new DestroyRow(DestroyOutcome.Removed, r.Object, r.What)) ?? []);
        if (teardown is { Finished: false } stopped)
        {
            rows.AddRange(stopped.Left.Select(r =>
                new DestroyRow(DestroyOutcome.Left, r.Object, $"{r.What}, {r.State} → {Inspect(cloud, r, config)}")));
            new DestroyReport(Names(cloud), [.. rows, .. kept, .. Elsewhere(cloud, teardown, config)], Stopped(cloud, stopped),
                planned: false).Publish();
            return;
        }
        var unreachable = teardown?.Unreachable;
        if (unreachable is not null)
        {
            Log.Warning($"cannot reach {Names(cloud).Cluster}: {unreachable}; taken as gone, so pulumi destroy drops its Kubernetes " +
                $"resources from the state ({Pulumi.DeleteUnreachable}=true). If it still runs, what it made in the cloud outlives it; " +
                "look with:");
            foreach (var command in cloud.InspectAll(Names(cloud), config)) Log.Info($"    {command}");
        }
        string? failure = null;
        var planned = false;
        try
        {
            planned = (await stack.Pulumi.DestroyAsync(unreachable is not null, ct)).IsPlanned;
            rows.Add(new(DestroyOutcome.Removed, $"cluster stack {stack.DisplayName}", $"pulumi destroy in {stack.DisplayDirectory}" +
                (unreachable is null ? "" : $" with {Pulumi.DeleteUnreachable}=true")));
            rows.AddRange(KubeconfigRows(cloud, stack));
        }
        catch (TargetFailedException e)
        {
            failure = $"pulumi destroy of {stack.DisplayName} failed: {e.Message}; run {DestroyAgain(cloud, DestroyTimeout)} again";
            rows.Add(new(DestroyOutcome.Left, $"cluster stack {stack.DisplayName}", "pulumi destroy failed"));
        }
        new DestroyReport(Names(cloud), [.. rows, .. kept, .. Elsewhere(cloud, teardown, config)], failure, planned).Publish();
    }

    /// <summary>The cluster through --kubeconfig, or through the stack's own kubeconfig output (a CI job has no file):
    /// null when the stack has none, i.e. no cluster.</summary>
    async Task<Cluster?> ClusterToEmptyAsync(Cloud cloud, InfraStack stack, CancellationToken ct)
    {
        if (Blank(KubeconfigPath) is not null) return Connect(cloud);
        var kubeconfig = KubeconfigFile.Of(await stack.Pulumi.StackOutputsAsync(ct));
        return kubeconfig is null ? null
            : ClusterConnection.FromText(cloud, kubeconfig, $"the kubeconfig output of {stack.DisplayName}", Remedies);
    }

    /// <summary>The backend secrets and their state, read only: Destroy never touches them, Deploy reads them again.</summary>
    async Task<IReadOnlyList<DestroyRow>> BackendSecretRowsAsync(Cloud cloud, InfraStack stack,
        IReadOnlyDictionary<string, Pulumi.ConfigValue> config, CancellationToken ct)
    {
        try
        {
            var backend = await cloud.BackendAsync(stack, config, Blank(KeyVault), Remedies, ct);
            var states = await backend.DescribeAsync([.. stack.Names.BackendSecrets.Select(s => s.Name)], ct);
            return [.. states.Select(s => new DestroyRow(DestroyOutcome.Remains, $"backend secret {s.Name}",
                $"kept, {s.Detail} in {backend.Location}"))];
        }
        catch (TargetFailedException e)
        {
            return [new(DestroyOutcome.Remains, $"backend secrets of {Names(cloud).Cluster}", $"kept, state not read: {e.Message}")];
        }
    }

    /// <summary>kubeconfig.&lt;cloud&gt;.yaml names a cluster that is gone: deleted. A --kubeconfig file is the user's own
    /// (it may hold other clusters) and stays.</summary>
    IEnumerable<DestroyRow> KubeconfigRows(Cloud cloud, InfraStack stack)
    {
        if (Blank(KubeconfigPath) is { } given)
            yield return new(DestroyOutcome.Remains, given, "kept: a --kubeconfig file is yours; remove the cluster's context yourself");
        else if (File.Exists(stack.KubeconfigFile) && Files.Delete(stack.KubeconfigFile))
            yield return new(DestroyOutcome.Removed, Names(cloud).KubeconfigFileName, "deleted: its cluster is gone");
    }

    /// <summary>LoadBalancer Services and claims outside the platform's namespaces: not the platform's to delete.</summary>
    static IEnumerable<DestroyRow> Elsewhere(Cloud cloud, TeardownResult? teardown,
        IReadOnlyDictionary<string, Pulumi.ConfigValue> config) =>
        (teardown?.Elsewhere ?? []).Select(r => new DestroyRow(DestroyOutcome.Remains, r.Object,
            $"not in the platform's namespaces, left to its owner; it outlives the cluster in the cloud → {cloud.Inspect(r, config)}"));

    string Inspect(Cloud cloud, Remnant remnant, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) =>
        remnant.Kind == RemnantKind.Application
            ? $"{Remedies.Kubectl(cloud)} -n {PlatformNamespaces.ArgoCd} get application {remnant.Name} -o yaml (and is Argo CD's " +
              $"application controller running? {Remedies.Kubectl(cloud)} -n {PlatformNamespaces.ArgoCd} get pods)"
            : cloud.Inspect(remnant, config);

    string Stopped(Cloud cloud, TeardownResult stopped) =>
        $"{stopped.Left.Count} still in {Names(cloud).Cluster} after {Durations.Format(DestroyTimeout)}, so the stack was not destroyed: " +
        $"{string.Join(", ", stopped.Left.Select(r => r.Object))}. Look with the commands above; once they are gone (or to wait " +
        $"longer): {DestroyAgain(cloud, DestroyTimeout * 2)}";

    string DestroyAgain(Cloud cloud, TimeSpan timeout) => BuildCommands.Run([nameof(Destroy)],
    [
        ("cloud", cloud.Name), ("confirm", Confirm), ("destroy-timeout", Durations.Format(timeout)),
        .. BuildCommands.InForce("environment", "kubeconfig").Select(p => (p.Parameter, CommandText.Quote(p.Value))),
    ]);
}
