using Engine;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Drift;

namespace Trinity.Build;

// Drift: read-only, what differs from Git and from the Pulumi programs, and why (docs/drift.md).
public sealed partial class Build
{
    Target Drift => _ => _
        .Description("Read-only, clouds side by side: what pulumi preview would change in each cloud's cluster and foundation " +
            "stacks, and each field where an out-of-sync object differs from what Git renders, with why. Fails when anything drifts.")
        .DependsOn(InfraDependencies)
        .Requires(() => Clouds)
        .Requires(() => KubeconfigPath.Length == 0 || Clouds.Length == 1,
            () => "--kubeconfig names one cluster: pass exactly one --cloud with it")
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            var rows = new List<DriftRow>();
            var errors = new List<string>();
            foreach (var (stack, remedy) in new[] { (Stack(cloud), Remedies.Up(cloud)), (Foundation(cloud), Remedies.Bootstrap(cloud)) })
                await ReadAsync(errors, async () =>
                {
                    var (preview, exitCode) = await stack.Pulumi.PreviewJsonAsync(ct);
                    var changes = InfraDrift.Rows(stack, preview, $"change the program, or apply it: {remedy}");
                    if (changes.Count == 0 && exitCode != 0)
                        throw new TargetFailedException($"pulumi preview of {stack.DisplayName} exited with code {exitCode} and proposed " +
                            "no change: run it in " + stack.DisplayDirectory + " to see why");
                    rows.AddRange(changes);
                });
            await ReadAsync(errors, async () =>
            {
                using var cluster = Connect(cloud);
                rows.AddRange(await new GitOpsDrift(cluster, Names(cloud), Session.Current.Root).ReadAsync(ct));
            });
            new DriftReport(Names(cloud), rows, errors).Publish();
        })
        .DryRun<Cloud>(cloud =>
            $"read only: pulumi preview --expect-no-changes of {Stack(cloud).DisplayName} and {Foundation(cloud).DisplayName}, and " +
                $"the out-of-sync objects of {Names(cloud).RootApplication} with {KubeconfigShown(cloud)} against Git");

    /// <summary>One half of Drift: a failure is kept for the report, so the other half still runs.</summary>
    static async Task ReadAsync(List<string> errors, Func<Task> read)
    {
        try
        {
            await read();
        }
        catch (TargetFailedException e)
        {
            errors.Add(e.Message);
        }
        catch (HttpRequestException e)
        {
            errors.Add($"cannot reach the cluster: {Secrets.Mask(e.Message)}");
        }
    }
}
