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
        .Requires(() => KubeconfigFitsClouds, KubeconfigForOneCloud)
        .ForEach(() => Clouds, (cloud, ct) => CloudDrift.RunAsync(Names(cloud), () => Connect(cloud), Remedies, Session.Current.Root, ct))
        .DryRun<Cloud>(cloud =>
            $"read only: pulumi preview --expect-no-changes of {Stack(cloud).DisplayName} and {Foundation(cloud).DisplayName}, and " +
                $"the out-of-sync objects of {Names(cloud).RootApplication} with {KubeconfigShown(cloud)} against Git");
}
