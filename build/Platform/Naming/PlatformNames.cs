using Trinity.Build.Platform.Clouds;

namespace Trinity.Build.Platform.Naming;

/// <summary>Every name of the platform, derived from (environment, cloud) in this one place.</summary>
public sealed record PlatformNames(string Environment, Cloud Cloud)
{
    public string CloudName => Cloud.Name;

    /// <summary>trinity-dev-gcp: the cluster, and the prefix of every per-cluster name.</summary>
    public string Cluster => $"trinity-{Environment}-{CloudName}";

    public string RootApplication => $"{Cluster}-root";

    /// <summary>platform/argocd/overlays/&lt;env&gt;-&lt;cloud&gt;: the root's child Applications and the AppProject, in waves.</summary>
    public string ChildrenOverlay => EnvironmentFiles.OverlayFolder(EnvironmentFiles.ArgoCdArea, this);

    /// <summary>The cloud identity External Secrets Operator runs as (IAM role, Google service account, managed identity),
    /// as the stacks name it (infra/pulumi/shared/naming.ts).</summary>
    public string ExternalSecretsIdentity => $"{Cluster}-eso";

    /// <summary>The ServiceAccount External Secrets Operator runs as, which the Pulumi stack creates annotated with the
    /// cloud identity (the chart runs with serviceAccount.create false).</summary>
    public const string ExternalSecretsServiceAccount = "external-secrets";

    /// <summary>system:serviceaccount:external-secrets:external-secrets: the only Kubernetes subject a cloud identity trusts.</summary>
    public static string ExternalSecretsSubject =>
        $"system:serviceaccount:{PlatformNamespaces.ExternalSecrets}:{ExternalSecretsServiceAccount}";

    /// <summary>The External Secrets Operator Application (wave 1).</summary>
    public string SecretsApplication => $"trinity-secrets-{CloudName}";

    public string SecretsDemoApplication => $"trinity-secrets-demo-{CloudName}";

    public string ObservabilityApplication => $"trinity-observability-{CloudName}";

    /// <summary>The ClusterSecretStore of this cloud's backend.</summary>
    public string SecretStore => Cloud.Store.Name;

    /// <summary>The key under ClusterSecretStore spec.provider for this cloud's backend.</summary>
    public string StoreProvider => Cloud.Store.Provider;

    /// <summary>The kustomization that holds this cloud's ClusterSecretStore and canary.</summary>
    public string SecretsDemoOverlay => EnvironmentFiles.OverlayFolder(EnvironmentFiles.SecretsDemoArea, this);

    /// <summary>Where the Kubeconfig target writes this cluster's credentials, relative to the root (gitignored).</summary>
    public string KubeconfigFileName => $"kubeconfig.{CloudName}.yaml";

    /// <summary>The value ExternalSecret provider-test-secret must sync: compared by Validate, never printed.</summary>
    public string SecretsDemoExpectedValue => $"hello-from-{CloudName}";

    public IReadOnlyList<BackendSecret> BackendSecrets =>
        [.. BackendCatalog.Entries.Select(e => new BackendSecret(e.ConfigKey, $"{Cluster}-{e.Suffix}"))];
}

/// <summary>One secret in a cloud's backend: the Pulumi config key its value comes from and its name there.</summary>
public sealed record BackendSecret(string ConfigKey, string Name);
