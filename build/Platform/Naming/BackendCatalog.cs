namespace Trinity.Build.Platform.Naming;

/// <summary>The backend secret catalog: which Pulumi config value becomes which secret in each cloud's backend.
/// Used by the secret backends, by Verify (ExternalSecret remoteRef keys) and by Validate.</summary>
public static class BackendCatalog
{
    public sealed record Entry(string ConfigKey, string Suffix);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("trinity:secretsDemoValue", "secrets-demo"),
        new("trinity:grafanaCloudRemoteWriteUrl", "grafana-cloud-remote-write-url"),
        new("trinity:grafanaCloudPrometheusUsername", "grafana-cloud-remote-write-username"),
        new("trinity:grafanaCloudPrometheusPassword", "grafana-cloud-remote-write-password"),
    ];
}
