namespace Fakes.Kubernetes;

/// <summary>When the server moves <c>metadata.generation</c> on an update.</summary>
public enum GenerationPolicy
{
    /// <summary>Never set (ConfigMap, Secret, Event, Service, Namespace…).</summary>
    None,

    /// <summary>Set to 1 on create; +1 when anything but metadata and status changes (built-ins with a status
    /// subresource, and custom resources that declare <c>subresources.status</c>).</summary>
    Spec,

    /// <summary>Deployment: +1 on a spec change and on an annotation change (annotations are copied to the
    /// ReplicaSets).</summary>
    SpecOrAnnotations,

    /// <summary>Custom resources without a status subresource: +1 on any change outside metadata, status
    /// included (apiextensions-apiserver <c>PrepareForUpdate</c> compares everything but metadata).</summary>
    AnythingButMetadata,
}

/// <summary>One served resource: the kind ↔ plural ↔ scope row of discovery, with the write semantics that
/// differ between kinds.</summary>
/// <param name="FieldLabels">Field selector labels beyond metadata.name and metadata.namespace, each mapped to the
/// dotted path it reads (the server's per-kind field label functions; <c>selectableFields</c> for CRDs).</param>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    bool StatusSubresource,
    GenerationPolicy Generation,
    IReadOnlyDictionary<string, string>? FieldLabels = null)
{
    static readonly HashSet<string> BuiltInGroups = ["", "apps", "apiextensions.k8s.io", "batch", "rbac.authorization.k8s.io",
        "networking.k8s.io", "policy", "storage.k8s.io", "coordination.k8s.io", "events.k8s.io"];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>What Status messages call it: <c>pods</c>, <c>applications.argoproj.io</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>What validation messages call it: <c>Pod</c>, <c>Application.argoproj.io</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>Served by apiextensions-apiserver: list items keep kind/apiVersion, strategic merge is refused,
    /// an update must carry metadata.resourceVersion.</summary>
    public bool IsCustom => !BuiltInGroups.Contains(Group);

    public string Singular => Kind.ToLowerInvariant();

    internal string Key => $"{Group}/{Version}/{Plural}";
}

/// <summary>The resources the fake serves out of the box.</summary>
public static class ResourceTypes
{
    static readonly Dictionary<string, string> PodFields = new()
    {
        ["spec.nodeName"] = "spec.nodeName",
        ["spec.restartPolicy"] = "spec.restartPolicy",
        ["spec.schedulerName"] = "spec.schedulerName",
        ["spec.serviceAccountName"] = "spec.serviceAccountName",
        ["spec.hostNetwork"] = "spec.hostNetwork",
        ["status.phase"] = "status.phase",
        ["status.podIP"] = "status.podIP",
        ["status.nominatedNodeName"] = "status.nominatedNodeName",
    };

    static readonly Dictionary<string, string> EventFields = new()
    {
        ["involvedObject.kind"] = "involvedObject.kind",
        ["involvedObject.namespace"] = "involvedObject.namespace",
        ["involvedObject.name"] = "involvedObject.name",
        ["involvedObject.uid"] = "involvedObject.uid",
        ["involvedObject.apiVersion"] = "involvedObject.apiVersion",
        ["involvedObject.resourceVersion"] = "involvedObject.resourceVersion",
        ["involvedObject.fieldPath"] = "involvedObject.fieldPath",
        ["reason"] = "reason",
        ["reportingComponent"] = "reportingComponent",
        ["source"] = "source.component",
        ["type"] = "type",
    };

    public static readonly ResourceType Pod = new("", "v1", "Pod", "pods", true, true, GenerationPolicy.Spec, PodFields);
    public static readonly ResourceType Event = new("", "v1", "Event", "events", true, false, GenerationPolicy.None, EventFields);
    public static readonly ResourceType Service = new("", "v1", "Service", "services", true, true, GenerationPolicy.None,
        new Dictionary<string, string> { ["spec.clusterIP"] = "spec.clusterIP", ["spec.type"] = "spec.type" });
    public static readonly ResourceType PersistentVolumeClaim = new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true,
        true, GenerationPolicy.None);
    public static readonly ResourceType Secret = new("", "v1", "Secret", "secrets", true, false, GenerationPolicy.None,
        new Dictionary<string, string> { ["type"] = "type" });
    public static readonly ResourceType ConfigMap = new("", "v1", "ConfigMap", "configmaps", true, false, GenerationPolicy.None);
    public static readonly ResourceType ServiceAccount = new("", "v1", "ServiceAccount", "serviceaccounts", true, false,
        GenerationPolicy.None);
    public static readonly ResourceType Namespace = new("", "v1", "Namespace", "namespaces", false, true, GenerationPolicy.None,
        new Dictionary<string, string> { ["status.phase"] = "status.phase" });
    public static readonly ResourceType Node = new("", "v1", "Node", "nodes", false, true, GenerationPolicy.None,
        new Dictionary<string, string> { ["spec.unschedulable"] = "spec.unschedulable" });
    public static readonly ResourceType Deployment = new("apps", "v1", "Deployment", "deployments", true, true,
        GenerationPolicy.SpecOrAnnotations);
    public static readonly ResourceType StatefulSet = new("apps", "v1", "StatefulSet", "statefulsets", true, true, GenerationPolicy.Spec);
    public static readonly ResourceType DaemonSet = new("apps", "v1", "DaemonSet", "daemonsets", true, true, GenerationPolicy.Spec);
    public static readonly ResourceType ReplicaSet = new("apps", "v1", "ReplicaSet", "replicasets", true, true, GenerationPolicy.Spec,
        new Dictionary<string, string> { ["status.replicas"] = "status.replicas" });
    public static readonly ResourceType CustomResourceDefinition = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
        "customresourcedefinitions", false, true, GenerationPolicy.Spec);

    /// <summary>Argo CD's CRD declares <c>subresources: {}</c>: status is written with the object.</summary>
    public static readonly ResourceType Application = new("argoproj.io", "v1alpha1", "Application", "applications", true, false,
        GenerationPolicy.AnythingButMetadata);
    public static readonly ResourceType AppProject = new("argoproj.io", "v1alpha1", "AppProject", "appprojects", true, false,
        GenerationPolicy.AnythingButMetadata);

    /// <summary>ESO v1 (v2.9.0 CRDs): status subresource; ExternalSecret declares selectableFields.</summary>
    public static readonly ResourceType ExternalSecret = new("external-secrets.io", "v1", "ExternalSecret", "externalsecrets", true, true,
        GenerationPolicy.Spec,
        new Dictionary<string, string>
        {
            ["spec.secretStoreRef.name"] = "spec.secretStoreRef.name",
            ["spec.secretStoreRef.kind"] = "spec.secretStoreRef.kind",
            ["spec.target.name"] = "spec.target.name",
            ["spec.refreshInterval"] = "spec.refreshInterval",
        });
    public static readonly ResourceType ClusterSecretStore = new("external-secrets.io", "v1", "ClusterSecretStore", "clustersecretstores",
        false, true, GenerationPolicy.Spec);
    public static readonly ResourceType SecretStore = new("external-secrets.io", "v1", "SecretStore", "secretstores", true, true,
        GenerationPolicy.Spec);
    public static readonly ResourceType ClusterExternalSecret = new("external-secrets.io", "v1", "ClusterExternalSecret",
        "clusterexternalsecrets", false, true, GenerationPolicy.Spec);

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Pod, Event, Service, PersistentVolumeClaim, Secret, ConfigMap, ServiceAccount, Namespace, Node,
        Deployment, StatefulSet, DaemonSet, ReplicaSet, CustomResourceDefinition,
        Application, AppProject, ExternalSecret, ClusterSecretStore, SecretStore, ClusterExternalSecret,
    ];
}
