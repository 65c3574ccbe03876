using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fakes.Kubernetes;

namespace Build.Tests.Cluster;

/// <summary>One cluster of the platform in a fake API server, as a healthy deploy leaves it: the root and its five
/// children in their waves, ESO rolled out, the store Ready, both ExternalSecrets synced with their Secrets, and
/// Prometheus rendered, ready and sending. Tests then break one thing at a time, or change it over time.</summary>
internal sealed class PlatformCluster : IAsyncDisposable
{
    public const string Argo = "argoproj.io/v1alpha1", Eso = "external-secrets.io/v1";
    public const string SecretsDemoCanary = "canary-demo-value-Hq93Lx";
    public const string PasswordCanary = "canary-grafana-password-Yt28Vc";
    public const string GrafanaAdminCanary = "canary-grafana-admin-Qw71Rk";

    static readonly DateTimeOffset T0 = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    public FakeKubernetes Api { get; }
    public string Cloud { get; }
    public string Cluster => $"trinity-dev-{Cloud}";
    public string Root => $"{Cluster}-root";
    public string Store => Cloud switch { "aws" => "aws-secrets-manager", "gcp" => "gcp-secret-manager", _ => "azure-key-vault" };

    /// <summary>What Prometheus answers through the service proxy.</summary>
    public bool PrometheusReady { get; set; } = true;
    public double SamplesPerSecond { get; set; } = 41.5;
    public double FailedPerSecond { get; set; }
    public string? LoadedConfig { get; set; }

    PlatformCluster(FakeKubernetes api, string cloud)
    {
        Api = api;
        Cloud = cloud;
    }

    public static async Task<PlatformCluster> StartAsync(string cloud = "gcp")
    {
        var cluster = new PlatformCluster(await FakeKubernetes.StartAsync(), cloud);
        cluster.Healthy();
        return cluster;
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();

    public IEnumerable<(string Name, int Wave)> Children =>
    [
        ($"trinity-hello-{Cloud}", 0), ($"trinity-mandelbrot-{Cloud}", 0), ($"trinity-secrets-{Cloud}", 1),
        ($"trinity-secrets-demo-{Cloud}", 2), ($"trinity-observability-{Cloud}", 2),
    ];

    void Healthy()
    {
        var root = Application(Root, null, "Synced", "Healthy");
        root["status"]!["resources"] = new JsonArray([.. Children.Select(c => (JsonNode)new JsonObject
            { ["group"] = "argoproj.io", ["version"] = "v1alpha1", ["kind"] = "Application", ["namespace"] = "argocd", ["name"] = c.Name,
                ["status"] = "Synced", ["syncWave"] = c.Wave })]);
        Api.Put(root);
        foreach (var (name, wave) in Children) Api.Put(Application(name, wave, "Synced", "Healthy"));

        foreach (var name in new[] { "external-secrets", "external-secrets-webhook", "external-secrets-cert-controller" })
        {
            Api.Put(Deployment("external-secrets", name));
            Api.Put(Pod("external-secrets", $"{name}-7d9f8-x2k4p", ready: true));
        }
        foreach (var plural in new[] { "externalsecrets", "clustersecretstores" })
            Api.Put(new JsonObject
            {
                ["apiVersion"] = "apiextensions.k8s.io/v1", ["kind"] = "CustomResourceDefinition",
                ["metadata"] = new JsonObject { ["name"] = $"{plural}.external-secrets.io" },
                ["spec"] = new JsonObject { ["group"] = "external-secrets.io",
                    ["scope"] = plural.StartsWith("cluster", StringComparison.Ordinal) ? "Cluster" : "Namespaced" },
            });

        Api.Put(StoreObject());
        Api.Put(ExternalSecret("secrets-demo", "provider-test-secret", ["message"]));
        Api.Put(SecretObject("secrets-demo", "provider-test-secret", new() { ["message"] = $"hello-from-{Cloud}" }));
        Api.Put(ExternalSecret("observability", "grafana-cloud-remote-write", ["url", "username", "password"]));
        Api.Put(SecretObject("observability", "grafana-cloud-remote-write", new()
        {
            ["url"] = "https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push", ["username"] = "123456",
                ["password"] = PasswordCanary,
        }));

        Api.Put(GeneratedExternalSecret("observability", "grafana-admin", "Password"));
        Api.Put(SecretObject("observability", "grafana-admin", new() { ["password"] = GrafanaAdminCanary }));

        Api.Put(PrometheusPod(initExitCode: 0, ready: true));
        Api.SetLog("observability", PrometheusPodName, "render-prometheus-config",
            "rendered prometheus.yml with remote_write url from grafana-cloud-remote-write\n");
        LoadedConfig = Config(Cloud, Cluster);
        Api.MapServiceProxy("observability", "prometheus", "9090", Prometheus);
    }

    public const string PrometheusPodName = "prometheus-5c7d9b-q8z2m";

    (int, string) Prometheus(string path, string query) => path switch
    {
        "/-/ready" => PrometheusReady ? (200, "Prometheus Server is Ready.\n") : (503, "Service Unavailable"),
        "/api/v1/status/config" => (200,
            new JsonObject { ["status"] = "success", ["data"] = new JsonObject { ["yaml"] = LoadedConfig } }.ToJsonString()),
        "/api/v1/query" => (200,
            Vector(Uri.UnescapeDataString(query).Contains("failed", StringComparison.Ordinal) ? FailedPerSecond : SamplesPerSecond)),
        _ => (404, "404 page not found"),
    };

    static string Vector(double value) => new JsonObject
    {
        ["status"] = "success",
        ["data"] = new JsonObject
        {
            ["resultType"] = "vector",
            ["result"] = new JsonArray(new JsonObject { ["metric"] = new JsonObject(),
                ["value"] = new JsonArray(1795900000.0, value.ToString(CultureInfo.InvariantCulture)) }),
        },
    }.ToJsonString();

    const string RemoteWriteUrl = "https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push";

    public static string Config(string cloud, string cluster, string url = RemoteWriteUrl) => $"""
        global:
          scrape_interval: 15s
          external_labels:
            cloud: {cloud}
            cluster: {cluster}
            platform: trinity
        remote_write:
        - url: {url}
          name: grafana-cloud
          basic_auth:
            username_file: /etc/grafana-cloud/auth/username
            password_file: <secret>
        """.Replace("password_file: <secret>", "password_file: /etc/grafana-cloud/auth/password");

    // ---- changes a scenario makes -----------------------------------------------------------------------------

    public void App(string name, Action<JsonObject> change) => Api.Mutate(Argo, "Application", "argocd", name, change);

    public string Mandelbrot => $"trinity-mandelbrot-{Cloud}";

    /// <summary>What Argo CD shows when the wave-0 mandelbrot turns Degraded under the Application health check: the child
    /// Degraded, the root's sync failed on it and retrying (or, with <paramref name="gaveUp"/>, its retries run out),
    /// the root OutOfSync, and the children of later waves never created (listed by the root as Missing).</summary>
    public void BlockOnMandelbrot(string healthMessage, bool gaveUp = false)
    {
        App(Mandelbrot, a =>
        {
            a["spec"]!["source"]!["path"] = $"platform/mandelbrot/overlays/dev-{Cloud}";
            a["spec"]!["destination"]!["namespace"] = "mandelbrot";
            a["status"]!["health"] = new JsonObject { ["status"] = "Degraded", ["message"] = healthMessage };
        });
        foreach (var (name, wave) in Children.Where(c => c.Wave > 0))
            Api.Delete(Argo, "Application", "argocd", name);
        App(Root, root =>
        {
            var status = root["status"]!;
            status["sync"]!["status"] = "OutOfSync";
            foreach (var resource in status["resources"]!.AsArray().Where(r => r!["syncWave"]!.GetValue<int>() > 0))
            {
                resource!["status"] = "OutOfSync";
                resource["health"] = new JsonObject { ["status"] = "Missing" };
            }
            var operation = status["operationState"]!;
            const string failed = "one or more synchronization tasks completed unsuccessfully";
            operation["phase"] = gaveUp ? "Failed" : "Running";
            operation["retryCount"] = gaveUp ? 5 : 3;
            operation["message"] = gaveUp ? $"{failed} (retried 5 times)." : $"{failed}. Retrying attempt #3 at 6:04AM.";
            if (gaveUp)
                status["conditions"] = new JsonArray(new JsonObject { ["type"] = "SyncError",
                    ["message"] = $"Failed sync attempt to 4f1c2e9a7b3d: {failed} (retried 5 times)." });
        });
    }

    public void ExternalSecretStatus(string ns, string name, Action<JsonObject> change) => Api.Mutate(Eso, "ExternalSecret", ns, name,
        change);

    /// <summary>ESO's failing ExternalSecret: Ready False, SecretSyncedError, and the real error in a Warning event.</summary>
    public void FailExternalSecret(string ns, string name, string eventMessage)
    {
        ExternalSecretStatus(ns, name, es => es["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(Condition("Ready", "False", "SecretSyncedError", "could not get secret data from provider")),
            ["syncedResourceVersion"] = "1-0a1b2c3d",
        });
        Api.AddEvent(Api.Get(Eso, "ExternalSecret", ns, name)!, "Warning", "UpdateFailed", eventMessage, "external-secrets");
    }

    // ---- objects ------------------------------------------------------------------------------------------------

    public static JsonObject Application(string name, int? wave, string sync, string health, string? healthMessage = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "argocd" };
        if (wave is { } w)
            metadata["annotations"] = new JsonObject { ["argocd.argoproj.io/sync-wave"] = w.ToString(CultureInfo.InvariantCulture) };
        var healthNode = new JsonObject { ["status"] = health };
        if (healthMessage is not null) healthNode["message"] = healthMessage;
        return new JsonObject
        {
            ["apiVersion"] = Argo, ["kind"] = "Application", ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["project"] = "trinity",
                ["source"] = new JsonObject { ["repoURL"] = "https://github.com/trinity-platform/trinity-delivery.git",
                    ["targetRevision"] = "main", ["path"] = "platform/hello" },
                ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = "hello" },
            },
            ["status"] = new JsonObject
            {
                ["sync"] = new JsonObject { ["status"] = sync, ["revision"] = "4f1c2e9a7b3d" },
                ["health"] = healthNode,
                ["operationState"] = new JsonObject
                {
                    ["phase"] = "Succeeded", ["message"] = "successfully synced (all tasks run)",
                    ["startedAt"] = Time(T0), ["finishedAt"] = Time(T0.AddSeconds(20)),
                    ["operation"] = new JsonObject { ["sync"] = new JsonObject { ["revision"] = "4f1c2e9a7b3d" } },
                },
                ["reconciledAt"] = Time(T0.AddSeconds(25)),
            },
        };
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static JsonObject Condition(string type, string status, string reason, string message) =>
        new() { ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message, ["lastTransitionTime"] = Time(T0) };

    JsonObject StoreObject() => new()
    {
        ["apiVersion"] = Eso, ["kind"] = "ClusterSecretStore", ["metadata"] = new JsonObject { ["name"] = Store },
        ["spec"] = new JsonObject
        {
            ["provider"] = new JsonObject
            {
                ["gcpsm"] = new JsonObject
                {
                    ["projectID"] = "trinity-platform-dev", ["secretVersionSelectionPolicy"] = "LatestOrFail",
                    ["auth"] = new JsonObject { ["workloadIdentity"] = new JsonObject
                    {
                        ["clusterLocation"] = "europe-west1-b", ["clusterName"] = Cluster, ["clusterProjectID"] = "trinity-platform-dev",
                        ["serviceAccountRef"] = new JsonObject { ["name"] = "external-secrets", ["namespace"] = "external-secrets" },
                    } },
                },
            },
        },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(Condition("Ready", "True", "Valid", "store validated")),
            ["capabilities"] = "ReadWrite" },
    };

    public static JsonObject ExternalSecret(string ns, string name, string[] keys) => new()
    {
        ["apiVersion"] = Eso, ["kind"] = "ExternalSecret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["generation"] = 1 },
        ["spec"] = new JsonObject
        {
            ["refreshInterval"] = "1h0m0s",
            ["secretStoreRef"] = new JsonObject { ["kind"] = "ClusterSecretStore", ["name"] = "gcp-secret-manager" },
            ["target"] = new JsonObject { ["name"] = name, ["creationPolicy"] = "Owner", ["deletionPolicy"] = "Retain" },
            ["data"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject
            {
                ["secretKey"] = k,
                ["remoteRef"] = new JsonObject { ["key"] = $"trinity-dev-gcp-{name}-{k}", ["conversionStrategy"] = "Default",
                    ["decodingStrategy"] = "None", ["metadataPolicy"] = "None", ["nullBytePolicy"] = "Ignore" },
            })]),
        },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(Condition("Ready", "True", "SecretSynced", "secret synced")),
            ["refreshTime"] = Time(T0.AddSeconds(40)),
            ["syncedResourceVersion"] = "1-9f86d081884c7d65",
        },
    };

    /// <summary>An ExternalSecret ESO fills from a generator, synced once: no store, no remoteRef.</summary>
    public static JsonObject GeneratedExternalSecret(string ns, string name, string generatorKind) => new()
    {
        ["apiVersion"] = Eso, ["kind"] = "ExternalSecret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["generation"] = 1 },
        ["spec"] = new JsonObject
        {
            ["refreshPolicy"] = "CreatedOnce", ["refreshInterval"] = "1h0m0s",
            ["target"] = new JsonObject { ["name"] = name, ["creationPolicy"] = "Owner", ["deletionPolicy"] = "Retain" },
            ["dataFrom"] = new JsonArray(new JsonObject
            {
                ["sourceRef"] = new JsonObject { ["generatorRef"] = new JsonObject
                    { ["apiVersion"] = "generators.external-secrets.io/v1alpha1", ["kind"] = generatorKind, ["name"] = name } },
            }),
        },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(Condition("Ready", "True", "SecretSynced", "secret synced")),
            ["refreshTime"] = Time(T0.AddSeconds(40)),
            ["syncedResourceVersion"] = "1-4b227777d4dd1fc6",
        },
    };

    public static JsonObject SecretObject(string ns, string name, Dictionary<string, string> data) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Secret", ["type"] = "Opaque",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns,
            ["labels"] = new JsonObject { ["reconcile.external-secrets.io/managed"] = "true" } },
        ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key,
            (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(d.Value))))),
    };

    static JsonObject Deployment(string ns, string name) => new()
    {
        ["apiVersion"] = "apps/v1", ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["generation"] = 2 },
        ["spec"] = new JsonObject { ["replicas"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject() },
        ["status"] = new JsonObject
        {
            ["observedGeneration"] = 2, ["replicas"] = 1, ["updatedReplicas"] = 1, ["readyReplicas"] = 1, ["availableReplicas"] = 1,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "True",
                ["reason"] = "NewReplicaSetAvailable" }),
        },
    };

    public static JsonObject Pod(string ns, string name, bool ready, string phase = "Running") => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "example:1" }) },
        ["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        },
    };

    public JsonObject PrometheusPod(int initExitCode, bool ready)
    {
        var pod = Pod("observability", PrometheusPodName, ready, initExitCode == 0 ? "Running" : "Pending");
        pod["metadata"]!["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "prometheus" };
        pod["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "render-prometheus-config",
            ["image"] = "busybox:1.36.1" });
        pod["status"]!["initContainerStatuses"] = new JsonArray(new JsonObject
        {
            ["name"] = "render-prometheus-config", ["ready"] = initExitCode == 0, ["restartCount"] = initExitCode == 0 ? 0 : 3,
            ["state"] = initExitCode == 0
                ? new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed" } }
                : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff",
                    ["message"] = "back-off 40s restarting failed container" } },
            ["lastState"] = initExitCode == 0 ? []
                : new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = initExitCode, ["reason"] = "Error" } },
        });
        return pod;
    }
}
