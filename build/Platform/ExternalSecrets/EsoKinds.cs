using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.ExternalSecrets;

/// <summary>External Secrets Operator's custom resources (API group external-secrets.io, v1).</summary>
public static class EsoKinds
{
    public const string Group = "external-secrets.io";

    public static CustomKind ExternalSecret { get; } = new(Group, "v1", "externalsecrets", "ExternalSecret");
    public static CustomKind ClusterSecretStore { get; } = new(Group, "v1", "clustersecretstores", "ClusterSecretStore");
    public static CustomKind SecretStore { get; } = new(Group, "v1", "secretstores", "SecretStore");

    /// <summary>ESO's generators (docs/grafana.md#the-admin-password): values made in the cluster, no backend.</summary>
    public const string GeneratorGroup = "generators.external-secrets.io";

    public static CustomKind Password { get; } = new(GeneratorGroup, "v1alpha1", "passwords", "Password");
}

/// <summary>Reasons of the Ready condition ESO writes on ExternalSecrets and stores (docs/external-secrets.md#conditions).</summary>
public enum EsoReason
{
    Unknown,
    SecretSynced, SecretSyncedError, SecretDeleted, SecretMissing,
    Valid, InvalidProviderConfig, ValidationUnknown, InvalidStoreConfiguration,
}

/// <summary>The Ready condition of an ESO object, parsed once: whether it is True, why, and ESO's message.</summary>
public sealed record ReadyCondition(bool IsTrue, Observed<EsoReason> Reason, string? Message)
{
    public static ReadyCondition? Of(System.Text.Json.Nodes.JsonObject esoObject)
    {
        var ready = (esoObject["status"]?["conditions"] as System.Text.Json.Nodes.JsonArray ?? [])
            .FirstOrDefault(c => KubernetesObjects.Text(c?["type"]) == "Ready");
        return ready is null ? null
            : new ReadyCondition(KubernetesObjects.Text(ready["status"]) == "True",
                Observed.Parse<EsoReason>(KubernetesObjects.Text(ready["reason"])),
                KubernetesObjects.Text(ready["message"]));
    }
}
