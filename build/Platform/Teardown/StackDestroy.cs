using Engine;
using Engine.Text;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Teardown;

/// <summary>What Destroy of one cloud takes from the build: the stacks, the values in force, and the two things only the
/// build can make (a cluster through --kubeconfig, the command that runs Destroy again).</summary>
/// <param name="KubeconfigPath">--kubeconfig, or null: the stack's own kubeconfig output is used.</param>
/// <param name="ConnectGiven">The cluster through --kubeconfig.</param>
/// <param name="Again">The Destroy command as the user ran it, with this bound.</param>
public sealed record DestroyContext(PlatformNames Names, InfraStack Stack, InfraStack Foundation, Remedies Remedies, TimeSpan Timeout,
    string? KeyVault, string? KubeconfigPath, Func<Cluster> ConnectGiven, Func<TimeSpan, string> Again)
{
    public Cloud Cloud => Names.Cloud;
}

/// <summary>Destroy for one cloud (docs/teardown.md): read what stays, empty the cluster (<see cref="ClusterTeardown"/>),
/// then `pulumi destroy` of the cluster stack and its kubeconfig file; one report of what was removed, what remains
/// and what was left.</summary>
public sealed class StackDestroy(DestroyContext context)
{
    Cloud Cloud => context.Cloud;

    PlatformNames Names => context.Names;

    InfraStack Stack => context.Stack;

    public async Task RunAsync(CancellationToken ct)
    {
        var config = await Stack.Pulumi.ConfigAsync(showSecrets: false, ct);
        // Read first, changed never: what remains is shown even when a later step stops.
        var kept = new List<DestroyRow>
        {
            new(DestroyOutcome.Remains, $"foundation stack {context.Foundation.DisplayName}",
                "kept: the identities and trust every cluster of the environment uses; Deploy needs them again"),
        };
        kept.AddRange(await BackendSecretRowsAsync(config, ct));

        TeardownResult? teardown = null;
        using (var cluster = await ClusterToEmptyAsync(ct))
        {
            if (cluster is null) Log.Info($"{Stack.DisplayName} has no cluster (no kubeconfig output): straight to pulumi destroy");
            else teardown = await new ClusterTeardown(cluster, Names, context.Remedies).RunAsync(context.Timeout, ct);
        }
        var rows = new List<DestroyRow>(teardown?.Removed.Select(r => new DestroyRow(DestroyOutcome.Removed, r.Object, r.What)) ?? []);
        if (teardown is { Finished: false } stopped)
        {
            rows.AddRange(stopped.Left.Select(r =>
                new DestroyRow(DestroyOutcome.Left, r.Object, $"{r.What}, {r.State} → {Inspect(r, config)}")));
            new DestroyReport(Names, [.. rows, .. kept, .. Elsewhere(teardown, config)], Stopped(stopped), planned: false).Publish();
            return;
        }
        var unreachable = teardown?.Unreachable;
        if (unreachable is not null)
        {
            Log.Warning($"cannot reach {Names.Cluster}: {unreachable}; taken as gone, so pulumi destroy drops its Kubernetes " +
                $"resources from the state ({Pulumi.DeleteUnreachable}=true). If it still runs, what it made in the cloud outlives it; " +
                "look with:");
            foreach (var command in Cloud.InspectAll(Names, config)) Log.Info($"    {command}");
        }
        string? failure = null;
        var planned = false;
        try
        {
            planned = (await Stack.Pulumi.DestroyAsync(unreachable is not null, ct)).IsPlanned;
            rows.Add(new(DestroyOutcome.Removed, $"cluster stack {Stack.DisplayName}", $"pulumi destroy in {Stack.DisplayDirectory}" +
                (unreachable is null ? "" : $" with {Pulumi.DeleteUnreachable}=true")));
            rows.AddRange(KubeconfigRows());
        }
        catch (TargetFailedException e)
        {
            failure = $"pulumi destroy of {Stack.DisplayName} failed: {e.Message}; run {context.Again(context.Timeout)} again";
            rows.Add(new(DestroyOutcome.Left, $"cluster stack {Stack.DisplayName}", "pulumi destroy failed"));
        }
        new DestroyReport(Names, [.. rows, .. kept, .. Elsewhere(teardown, config)], failure, planned).Publish();
    }

    /// <summary>The cluster through --kubeconfig, or through the stack's own kubeconfig output (a CI job has no file):
    /// null when the stack has none, i.e. no cluster.</summary>
    async Task<Cluster?> ClusterToEmptyAsync(CancellationToken ct)
    {
        if (context.KubeconfigPath is not null) return context.ConnectGiven();
        var kubeconfig = KubeconfigFile.Of(await Stack.Pulumi.StackOutputsAsync(ct));
        return kubeconfig is null ? null
            : ClusterConnection.FromText(Cloud, kubeconfig, $"the kubeconfig output of {Stack.DisplayName}", context.Remedies);
    }

    /// <summary>The backend secrets and their state, read only: Destroy never touches them, Deploy reads them again.</summary>
    async Task<IReadOnlyList<DestroyRow>> BackendSecretRowsAsync(IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        CancellationToken ct)
    {
        try
        {
            var backend = await Cloud.BackendAsync(Stack, config, context.KeyVault, context.Remedies, ct);
            var states = await backend.DescribeAsync([.. Names.BackendSecrets.Select(s => s.Name)], ct);
            return [.. states.Select(s => new DestroyRow(DestroyOutcome.Remains, $"backend secret {s.Name}",
                $"kept, {s.Detail} in {backend.Location}"))];
        }
        catch (TargetFailedException e)
        {
            return [new(DestroyOutcome.Remains, $"backend secrets of {Names.Cluster}", $"kept, state not read: {e.Message}")];
        }
    }

    /// <summary>kubeconfig.&lt;cloud&gt;.yaml names a cluster that is gone: deleted. A --kubeconfig file is the user's own
    /// (it may hold other clusters) and stays.</summary>
    IEnumerable<DestroyRow> KubeconfigRows()
    {
        if (context.KubeconfigPath is { } given)
            yield return new(DestroyOutcome.Remains, given, "kept: a --kubeconfig file is yours; remove the cluster's context yourself");
        else if (File.Exists(Stack.KubeconfigFile) && Files.Delete(Stack.KubeconfigFile))
            yield return new(DestroyOutcome.Removed, Names.KubeconfigFileName, "deleted: its cluster is gone");
    }

    /// <summary>LoadBalancer Services and claims outside the platform's namespaces: not the platform's to delete.</summary>
    IEnumerable<DestroyRow> Elsewhere(TeardownResult? teardown, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) =>
        (teardown?.Elsewhere ?? []).Select(r => new DestroyRow(DestroyOutcome.Remains, r.Object,
            $"not in the platform's namespaces, left to its owner; it outlives the cluster in the cloud → {Cloud.Inspect(r, config)}"));

    string Inspect(Remnant remnant, IReadOnlyDictionary<string, Pulumi.ConfigValue> config)
    {
        var kubectl = context.Remedies.Kubectl(Cloud);
        return remnant.Kind == RemnantKind.Application
            ? $"{kubectl} -n {PlatformNamespaces.ArgoCd} get application {remnant.Name} -o yaml (and is Argo CD's application " +
              $"controller running? {kubectl} -n {PlatformNamespaces.ArgoCd} get pods)"
            : Cloud.Inspect(remnant, config);
    }

    string Stopped(TeardownResult stopped) =>
        $"{stopped.Left.Count} still in {Names.Cluster} after {Durations.Format(context.Timeout)}, so the stack was not destroyed: " +
        $"{string.Join(", ", stopped.Left.Select(r => r.Object))}. Look with the commands above; once they are gone (or to wait " +
        $"longer): {context.Again(context.Timeout * 2)}";
}
