using Engine;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Drift;

/// <summary>Drift of one cloud (docs/drift.md): the preview of its cluster and foundation stacks, then its cluster
/// against Git, published as one report. A part that cannot be read is named in the report, and the others still run.</summary>
public static class CloudDrift
{
    public static async Task RunAsync(PlatformNames names, Func<Cluster> connect, Remedies remedies, string repositoryRoot,
        CancellationToken ct)
    {
        var rows = new List<DriftRow>();
        var errors = new List<string>();
        foreach (var stack in new[] { new InfraStack(names), InfraStack.Foundation(names) })
        {
            try
            {
                var apply = stack.IsFoundation ? remedies.Bootstrap(names.Cloud) : remedies.Up(names.Cloud);
                rows.AddRange(await InfraDrift.ReadAsync(stack, apply, ct));
            }
            catch (TargetFailedException e)
            {
                errors.Add(e.Message);
            }
        }
        try
        {
            using var cluster = connect();
            try
            {
                rows.AddRange(await new GitOpsDrift(cluster, names, repositoryRoot).ReadAsync(ct));
            }
            catch (Exception e) when (ClusterAccess.IsClusterFailure(e))
            {
                errors.Add(ClusterAccess.Describe(e, cluster, names.Cloud, remedies, "comparing it with Git").Message);
            }
        }
        catch (TargetFailedException e)
        {
            errors.Add(e.Message);
        }
        new DriftReport(names, rows, errors).Publish();
    }
}
