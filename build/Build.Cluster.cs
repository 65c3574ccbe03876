using System.Collections.Concurrent;
using Engine;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Kubernetes;
using Trinity.Build.Platform.Prometheus;
using Trinity.Build.Platform.Validation;

namespace Trinity.Build;

// The cluster leg: wait for Argo CD's waves, then validate what the runbook checked by hand. Deploy chains the legs.
public sealed partial class Build
{
    [Parameter("Kubeconfig to use instead of kubeconfig.<cloud>.yaml (one --cloud only).", Name = "kubeconfig")]
    public string KubeconfigPath { get; set; } = "";

    [Parameter("How long one sync wave may take.")]
    public TimeSpan WaveTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Parameter("How long an Application may stay Degraded before WaitForSync fails (rollouts pass through it).")]
    public TimeSpan DegradedGrace { get; set; } = TimeSpan.FromMinutes(2);

    [Parameter("Git revision every Application must have synced (default: any).")]
    public string ExpectedRevision { get; set; } = "";

    [Parameter("Grafana Cloud Prometheus query URL (https://prometheus-…grafana.net/api/prom); enables the cross-cluster check.")]
    public string GrafanaCloudQueryUrl { get; set; } = "";

    [Parameter("Grafana Cloud metrics instance id (the query's basic-auth user).")]
    public string GrafanaCloudUser { get; set; } = "";

    [Parameter("Grafana Cloud access-policy token with metrics:read."), Secret]
    public string GrafanaCloudReadToken { get; set; } = "";

    readonly ConcurrentDictionary<Cloud, IReadOnlyList<Check>> _validation = new();

    Target WaitForSync => _ => _
        .Description("Waits, wave by wave, until every child Application of each cluster's root is Synced and Healthy.")
        .After(Kubeconfig)
        .Requires(() => Clouds)
        .Requires(() => KubeconfigFitsClouds, KubeconfigForOneCloud)
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            using var cluster = Connect(cloud);
            var options = new WaveWaitOptions(WaveTimeout, DegradedGrace, Blank(ExpectedRevision));
            var picture = new WavePicture(Names(cloud), nameof(WaitForSync));
            await new SyncWaveWait(cluster, Names(cloud), Remedies, options, picture).RunAsync(ct);
        })
        .DryRun<Cloud>(cloud =>
            $"watch the child Applications of {Names(cloud).RootApplication} with {KubeconfigShown(cloud)}, wave by wave " +
                                $"(at most {Engine.Text.Durations.Format(WaveTimeout)} each), until each is Synced and Healthy");

    Target Validate => _ => _
        .Description("Checks each cluster: ESO, the store, every ExternalSecret, Prometheus and remote write, scheduling.")
        .After(WaitForSync)
        .Triggers(ValidationReport)
        .Requires(() => Clouds)
        .Requires(() => KubeconfigFitsClouds, KubeconfigForOneCloud)
        .ForEach(() => Clouds, async (cloud, ct) =>
        {
            using var cluster = Connect(cloud);
            var grafana = GrafanaCloudQueryUrl.Length > 0
                ? new GrafanaCloudQuery(GrafanaCloudQueryUrl, GrafanaCloudUser, GrafanaCloudReadToken) : null;
            var checks = await ClusterValidation.RunAsync(new ClusterScope(cluster, Names(cloud), Remedies), grafana,
                new WavePicture(Names(cloud), nameof(Validate)), ct);
            _validation[cloud] = checks;
            new CheckReport("validate", cloud.Name, $"validate {Names(cloud).Cluster}", checks, stepSummary: false).Publish();
        })
        .DryRun<Cloud>(cloud =>
            $"validate {Names(cloud).Cluster} with {KubeconfigShown(cloud)}: read ESO, the store, the ExternalSecrets, Prometheus and " +
                $"pods");

    Target ValidationReport => _ => _
        .Description("The Validate results of all clouds as one table, in the log and the GitHub step summary.")
        .Unlisted()
        .AssuredAfterFailure()
        .Executes(() => ValidationMatrix.Print([.. Clouds.Where(_validation.ContainsKey).Select(c => (c.Name, _validation[c]))]));

    Target Deploy => _ => _
        .Description("Delivers each --cloud: Preflight → Up → Kubeconfig → WaitForSync → Validate, clouds side by side. Never touches " +
            "secret backends.")
        .DependsOn(Preflight, Up, Kubeconfig, WaitForSync, Validate);

    /// <summary>--kubeconfig names one cluster, so it goes with one --cloud.</summary>
    bool KubeconfigFitsClouds => KubeconfigPath.Length == 0 || Clouds.Length == 1;

    static string KubeconfigForOneCloud() => "--kubeconfig names one cluster: pass exactly one --cloud with it";

    /// <summary>The kubeconfig in force for a cloud, as the user would type it.</summary>
    string KubeconfigShown(Cloud cloud) => Blank(KubeconfigPath) ?? Names(cloud).KubeconfigFileName;

    Cluster Connect(Cloud cloud) =>
        ClusterConnection.Connect(cloud, Blank(KubeconfigPath) is { } given ? Path.GetFullPath(given) : Stack(cloud).KubeconfigFile,
            Remedies);
}
