namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Which kinds live outside namespaces, and which cluster-scoped kinds a pinned Helm chart creates (a chart
/// cannot be rendered offline, so its kinds are recorded here from its templates at that version).</summary>
public static class ClusterScopedKinds
{
    public sealed record GroupKind(string Group, string Kind)
    {
        public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
    }

    static readonly HashSet<GroupKind> Core =
    [
        new("", "Namespace"), new("", "Node"), new("", "PersistentVolume"),
        new("rbac.authorization.k8s.io", "ClusterRole"), new("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        new("apiextensions.k8s.io", "CustomResourceDefinition"),
        new("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
            new("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
        new("storage.k8s.io", "StorageClass"), new("storage.k8s.io", "CSIDriver"), new("scheduling.k8s.io", "PriorityClass"),
        new("networking.k8s.io", "IngressClass"), new("apiregistration.k8s.io", "APIService"), new("node.k8s.io", "RuntimeClass"),
        // Used before the CRDs are at hand (no --crd-dir, no network): the cluster-scoped ESO kinds.
        new(ExternalSecrets.EsoKinds.Group, "ClusterSecretStore"), new(ExternalSecrets.EsoKinds.Group, "ClusterExternalSecret"),
    ];

    /// <summary>external-secrets 2.9.0 with installCRDs=true and default values: templates/crds/*,
    /// rbac.yaml (controller, view, edit, servicebindings roles), cert-controller-rbac.yaml, validatingwebhook.yaml.</summary>
    static readonly Dictionary<(string Repo, string Chart, string Version), GroupKind[]> Charts = new()
    {
        [("https://charts.external-secrets.io", "external-secrets", "2.9.0")] =
        [
            new("apiextensions.k8s.io", "CustomResourceDefinition"),
            new("rbac.authorization.k8s.io", "ClusterRole"),
            new("rbac.authorization.k8s.io", "ClusterRoleBinding"),
            new("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ],
    };

    public static bool IsClusterScoped(VerifyContext context, ManifestObject o) =>
        Core.Contains(new GroupKind(o.Group, o.Kind)) || context.Crds?.OfKind(o.Group, o.Kind).Any(v => v.ClusterScoped) == true;

    public static GroupKind[]? ChartKinds(string repo, string chart, string version) =>
        Charts.TryGetValue((repo.TrimEnd('/'), chart, version), out var kinds) ? kinds : null;
}
