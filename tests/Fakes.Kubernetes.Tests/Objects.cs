namespace Fakes.Kubernetes.Tests;

/// <summary>Objects shaped like the upstream ones (Argo CD v1alpha1, ESO v1, core and apps v1), small.</summary>
static class Objects
{
    public const string ArgoCd = "argocd";

    public static JsonObject Application(string name, string sync = "OutOfSync", string health = "Progressing", Dictionary<string,
        string>? labels = null) => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Application",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ArgoCd, ["labels"] = Labels(labels) },
        ["spec"] = new JsonObject
        {
            ["project"] = "default",
            ["source"] = new JsonObject { ["repoURL"] = "https://github.com/example/platform.git", ["path"] = $"platform/{name}",
                ["targetRevision"] = "main" },
            ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = name },
        },
        ["status"] = new JsonObject
        {
            ["sync"] = new JsonObject { ["status"] = sync },
            ["health"] = new JsonObject { ["status"] = health },
        },
    };

    public static JsonObject ExternalSecret(string ns, string name, string store = "platform-secrets") => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "ExternalSecret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["refreshInterval"] = "1h0m0s",
            ["secretStoreRef"] = new JsonObject { ["kind"] = "ClusterSecretStore", ["name"] = store },
            ["target"] = new JsonObject { ["name"] = name, ["creationPolicy"] = "Owner", ["deletionPolicy"] = "Retain" },
            ["data"] = new JsonArray(new JsonObject { ["secretKey"] = "password",
                ["remoteRef"] = new JsonObject { ["key"] = $"trinity-{name}" } }),
        },
    };

    public static JsonObject ClusterSecretStore(string name) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "ClusterSecretStore",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["provider"] = new JsonObject { ["aws"] = new JsonObject { ["service"] = "SecretsManager",
            ["region"] = "eu-west-1" } } },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "Valid",
                ["message"] = "store validated" }),
            ["capabilities"] = "ReadWrite",
        },
    };

    public static JsonObject Pod(string ns, string name, string phase = "Running", Dictionary<string, string>? labels = null,
        string[]? containers = null, string[]? initContainers = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = Labels(labels) },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray([.. (containers ?? ["main"])
                .Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = $"example/{c}:1" })]),
            ["initContainers"] = new JsonArray([.. (initContainers ?? [])
                .Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = $"example/{c}:1" })]),
        },
        ["status"] = new JsonObject { ["phase"] = phase },
    };

    public static JsonObject Deployment(string ns, string name, int replicas = 2) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns,
            ["labels"] = Labels(new() { ["app.kubernetes.io/name"] = name }) },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = Labels(new() { ["app.kubernetes.io/name"] = name }) },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Labels(new() { ["app.kubernetes.io/name"] = name }) },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = name,
                    ["image"] = $"example/{name}:1" }) },
            },
        },
        ["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = replicas, ["updatedReplicas"] = replicas,
            ["readyReplicas"] = replicas, ["availableReplicas"] = replicas },
    };

    public static JsonObject StatefulSet(string ns, string name, int replicas = 1) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["serviceName"] = name,
            ["selector"] = new JsonObject { ["matchLabels"] = Labels(new() { ["app"] = name }) },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Labels(new() { ["app"] = name }) },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = name,
                    ["image"] = $"example/{name}:1" }) },
            },
        },
        ["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = replicas, ["readyReplicas"] = replicas,
            ["currentRevision"] = $"{name}-abc", ["updateRevision"] = $"{name}-abc" },
    };

    public static JsonObject Service(string ns, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 9090 }) },
    };

    public static JsonObject Crd(string plural, string group, string kind) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = group,
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject { ["plural"] = plural, ["kind"] = kind, ["singular"] = kind.ToLowerInvariant(),
                ["listKind"] = kind + "List" },
            ["versions"] = new JsonArray(new JsonObject { ["name"] = "v1", ["served"] = true, ["storage"] = true,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = new JsonObject { ["type"] = "object" } } }),
        },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Established", ["status"] = "True",
                ["reason"] = "InitialNamesAccepted" }),
        },
    };

    static JsonObject Labels(Dictionary<string, string>? labels)
    {
        var result = new JsonObject();
        foreach (var (k, v) in labels ?? []) result[k] = v;
        return result;
    }
}
