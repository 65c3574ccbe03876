namespace Trinity.Build.Platform.Naming;

/// <summary>Every name of the platform, derived from (environment, cloud) in this one place.</summary>
public sealed record PlatformNames(string Environment, Cloud Cloud)
{
    public string CloudName => Cloud.ToString().ToLowerInvariant();

    /// <summary>trinity-dev-gcp: the cluster, and the prefix of every per-cluster name.</summary>
    public string Cluster => $"trinity-{Environment}-{CloudName}";

    public string RootApplication => $"{Cluster}-root";

    /// <summary>The External Secrets Operator Application (wave 1).</summary>
    public string SecretsApplication => $"trinity-secrets-{CloudName}";

    public string SecretsDemoApplication => $"trinity-secrets-demo-{CloudName}";

    public string ObservabilityApplication => $"trinity-observability-{CloudName}";

    /// <summary>The ClusterSecretStore of this cloud's backend.</summary>
    public string SecretStore => Cloud switch
    {
        Cloud.Aws => "aws-secrets-manager",
        Cloud.Gcp => "gcp-secret-manager",
        _ => "azure-key-vault",
    };

    /// <summary>The key under ClusterSecretStore spec.provider for this cloud's backend.</summary>
    public string StoreProvider => Cloud switch
    {
        Cloud.Aws => "aws",
        Cloud.Gcp => "gcpsm",
        _ => "azurekv",
    };

    /// <summary>The value ExternalSecret provider-test-secret must sync: compared by Validate, never printed.</summary>
    public string SecretsDemoExpectedValue => $"hello-from-{CloudName}";

    public IReadOnlyList<BackendSecret> BackendSecrets => [.. BackendCatalog.Entries.Select(e => new BackendSecret(e.ConfigKey, $"{Cluster}-{e.Suffix}"))];
}

/// <summary>One secret in a cloud's backend: the Pulumi config key its value comes from and its name there.</summary>
public sealed record BackendSecret(string ConfigKey, string Name);
