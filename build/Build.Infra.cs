using Engine;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Infra;

namespace Trinity.Build;

// The infrastructure leg: the Pulumi programs in infra/pulumi.
public sealed partial class Build
{
    Target InfraDependencies => _ => _
        .Description("npm ci in infra/pulumi, when package-lock.json changed since the last install.")
        .Executes(ct => InfraWorkspace.Packages.EnsureInstalledAsync(ct));

    Target Bootstrap => _ => _
        .Description("Once per environment, by an administrator: the foundation stack of each cloud (GitHub OIDC trust, deploy " +
            "and secrets identities, APIs, the Azure Key Vault). Never part of Deploy.")
        .DependsOn(InfraDependencies)
        .Requires(() => Clouds)
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            var checks = await PreflightChecks.RunAsync(Foundation(cloud), Remedies, ct);
            new CheckReport("preflight", $"foundation-{cloud.Name}", $"preflight {Foundation(cloud).DisplayName}", checks,
                stepSummary: true).Publish();
            await Foundation(cloud).Pulumi.UpAsync(ct);
        });

    Target Preflight => _ => _
        .Description("Per cloud: tools, identity, the foundation stack, GCP APIs, the stack's config keys (never values), Git " +
            "agreeing with the stack.")
        .Requires(() => Clouds)
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            var checks = await PreflightChecks.RunAsync(Stack(cloud), Remedies, ct);
            new CheckReport("preflight", cloud.Name, $"preflight {Names(cloud).Cluster}", checks, stepSummary: true).Publish();
        });

    Target Preview => _ => _
        .Description("pulumi preview of each cloud's stack.")
        .DependsOn(InfraDependencies, Preflight)
        .Requires(() => Clouds)
        .ForEach(() => Clouds, (cloud, ct) => Stack(cloud).Pulumi.PreviewAsync(ct));

    Target Up => _ => _
        .Description("pulumi up of each cloud's stack: cluster, identity for External Secrets, Argo CD and the root Application.")
        .DependsOn(InfraDependencies, Preflight)
        .Requires(() => Clouds)
        .ForEach(() => Clouds, (cloud, ct) => Stack(cloud).Pulumi.UpAsync(ct));

    Target Kubeconfig => _ => _
        .Description("Writes kubeconfig.<cloud>.yaml (mode 0600, gitignored) from each stack's secret kubeconfig output.")
        .After(Up)
        .Requires(() => Clouds)
        .ForEach(() => Clouds, (cloud, ct) => KubeconfigFile.WriteAsync(Stack(cloud), Remedies, ct));
}
