namespace Trinity.Build.Platform.Naming;

/// <summary>The Secrets ESO generates in the cluster (dataFrom[].sourceRef.generatorRef): no backend holds them, so
/// they are not in the <see cref="BackendCatalog"/> and no stack config names them (docs/grafana.md#generated-secrets).</summary>
public static class GeneratedSecrets
{
    /// <summary>A generated Secret: the ExternalSecret (and Secret) name, its namespace and the key a workload reads.</summary>
    public sealed record Entry(string Namespace, string ExternalSecret, string SecretKey);

    /// <summary>Grafana's admin password (platform/observability/base/grafana-admin.yaml).</summary>
    public static Entry GrafanaAdmin { get; } = new(PlatformNamespaces.Observability, "grafana-admin", "password");
}
