namespace Trinity.Build.Platform.Naming;

/// <summary>The backend secret catalog: which Pulumi config value becomes which secret in each cloud's backend.
/// Used by the secret backends, by Verify (ExternalSecret remoteRef keys) and by Validate. Secrets ESO generates in the
/// cluster have no backend and are not here (<see cref="GeneratedSecrets"/>).</summary>
public static class BackendCatalog
{
    /// <summary>A backend secret: its config key, its name's suffix, and where it is read — the ExternalSecret (in a
    /// platform namespace, whose overlay folder has the same name) and the secret key it syncs it into.</summary>
    public sealed record Entry(string ConfigKey, string Suffix, string Namespace, string ExternalSecret, string SecretKey);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("trinity:secretsDemoValue", "secrets-demo", PlatformNamespaces.SecretsDemo, "provider-test-secret", "message"),
        new("trinity:grafanaCloudRemoteWriteUrl", "grafana-cloud-remote-write-url", PlatformNamespaces.Observability,
            "grafana-cloud-remote-write", "url"),
        new("trinity:grafanaCloudPrometheusUsername", "grafana-cloud-remote-write-username", PlatformNamespaces.Observability,
            "grafana-cloud-remote-write", "username"),
        new("trinity:grafanaCloudPrometheusPassword", "grafana-cloud-remote-write-password", PlatformNamespaces.Observability,
            "grafana-cloud-remote-write", "password"),
    ];
}
