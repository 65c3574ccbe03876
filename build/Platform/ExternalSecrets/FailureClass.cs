using Trinity.Build.Platform.Validation;

namespace Trinity.Build.Platform.ExternalSecrets;

/// <summary>Why an ExternalSecret does not sync, read from its UpdateFailed events (the condition message is a fixed
/// "could not get secret data from provider"; the real error is only in the event: docs/external-secrets.md#events),
/// with the remedy for each class (docs/failure-classes.md#externalsecrets).</summary>
public static class FailureClass
{
    public sealed record Diagnosis(string Class, string Remedy);

    public static Diagnosis Classify(string message, ClusterScope scope)
    {
        var names = scope.Names;
        var apply = scope.Remedies.ApplySecrets(names.Cloud);
        // A generator involves no backend and no store: none of the backend remedies below applies.
        if (Has(message, "sourceRef.generatorRef"))
            return new("generator failed",
                $"the generator it names is missing or refuses its spec: {scope.Kubectl} get {EsoKinds.Password.CrdName} -A; " +
                    $"{scope.Remedies.Verify()} checks generators offline");
        if (Has(message, EsoKinds.ClusterSecretStore.Kind) && (Has(message, "not found") || Has(message, "is not ready")))
            return new("store missing or not ready",
                $"an ordering problem: the store ({names.SecretStore}) comes with wave 2 and needs ESO from wave 1; wait, then check " +
                    $"{names.SecretsApplication} and the store's status");
        if (Has(message, "marked for deletion") || Has(message, "scheduled for deletion"))
            return new("AWS secret marked for deletion", $"the backend secret is scheduled for deletion: {apply} restores it");
        if (Has(message, "DISABLED state") || Has(message, "DESTROYED state"))
            return new("GCP version disabled or destroyed", $"the newest version cannot be read: {apply} adds an enabled version");
        if (Has(message, "Secret does not exist") || Has(message, "SecretNotFound") || Has(message, "ResourceNotFoundException"))
            return new("backend secret does not exist", $"the backend has no value: {apply}");
        if (Has(message, "AccessDenied") || Has(message, "PermissionDenied") || Has(message, "Permission denied")
            || Has(message, "Forbidden")
            || Has(message, "not authorized") || Has(message, "403") || Has(message, "does not have secrets get permission"))
            return new("access denied",
                $"the identity of the external-secrets ServiceAccount cannot read the secret: check the binding in " +
                    $"infra/pulumi/{names.CloudName} ({scope.Remedies.Up(names.Cloud)})");
        return new("unknown", "read the event above; kubectl describe externalsecret shows the rest");
    }

    static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
