using System.Diagnostics;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.Manifests;

namespace Build.Tests.Cluster;

/// <summary>Drift over the generated Grafana admin password: an ExternalSecret with no store and no remoteRef, and a
/// Password generator whose CRD is not pinned, compared through the CRD the cluster serves.</summary>
public sealed class GeneratorDriftTests
{
    const string Overlay = "platform/observability/overlays/dev-gcp";
    const string Generators = "generators.external-secrets.io";

    [Fact]
    public async Task A_generator_backed_ExternalSecret_drifts_only_where_Git_leaves_a_default_out()
    {
        var infra = new FakeInfra();
        await using var cluster = await PlatformCluster.StartAsync("gcp");
        cluster.App("trinity-observability-gcp", a => a["spec"]!["source"]!["path"] = Overlay);
        // Git leaves out a field the Password CRD defaults; the cluster has it.
        var live = Rendered(infra.Copy);
        infra.Copy.Edit("platform/observability/base/grafana-admin.yaml", "  encoding: raw\n", "");
        cluster.Api.Put(PasswordCrd());
        cluster.Api.Register(new Fakes.Kubernetes.ResourceType(Generators, "v1alpha1", "Password", "passwords", true, true,
            Fakes.Kubernetes.GenerationPolicy.Spec));
        var es = live.Single(o => Text(o["kind"]) == "ExternalSecret" && Text(o["metadata"]!["name"]) == "grafana-admin");
        es["status"] = PlatformCluster.GeneratedExternalSecret("observability", "grafana-admin", "Password")["status"]!.DeepClone();
        cluster.Api.Put(es);
        cluster.Api.Put(live.Single(o => Text(o["kind"]) == "Password"));
        cluster.App("trinity-observability-gcp", a => a["status"]!["resources"] = new JsonArray(
            Status("external-secrets.io", "v1", "ExternalSecret", "grafana-admin"),
            Status(Generators, "v1alpha1", "Password", "grafana-admin")));

        cluster.Api.WriteKubeconfig(infra.Copy.PathOf("kubeconfig.gcp.yaml"));
        var run = await infra.RunAsync("Drift", "--cloud", "gcp", "--skip", "InfraDependencies");
        var rows = JsonNode.Parse(File.ReadAllText(infra.Copy.PathOf(".nuke/temp/drift/gcp.json")))!["rows"]!.AsArray()
            .Select(r => $"{Text(r!["object"])} | {Text(r["field"])} | {Text(r["class"])}").Where(r => !r.Contains(':')).ToList();
        rows.ShouldBe([
            "ExternalSecret/observability/grafana-admin |  | unexplained",
            "Password/observability/grafana-admin | spec.encoding | defaulted by the API server",
        ], ignoreOrder: true, customMessage: run.Out);
        (run.All + File.ReadAllText(infra.Copy.PathOf(".nuke/temp/drift/gcp.json"))).ShouldNotContain(PlatformCluster.GrafanaAdminCanary);
    }

    static List<JsonObject> Rendered(PlatformCopy copy)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", copy.PathOf(Overlay)]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var yaml = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
        return [.. Yaml.Documents(yaml).OfType<JsonObject>()];
    }

    /// <summary>The Password CRD as external-secrets 2.9.0 serves it, cut down to the defaults of its spec.</summary>
    static JsonObject PasswordCrd() => JsonNode.Parse("""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "passwords.generators.external-secrets.io"},
         "spec": {"group": "generators.external-secrets.io", "scope": "Namespaced", "names": {"kind": "Password", "plural": "passwords"},
           "versions": [{"name": "v1alpha1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object",
             "properties": {"spec": {"type": "object", "properties": {
               "allowRepeat": {"type": "boolean", "default": false}, "encoding": {"type": "string", "default": "raw"},
               "length": {"type": "integer", "default": 24}, "noUpper": {"type": "boolean", "default": false}}}}}}}]}}
        """)!.AsObject();

    static JsonObject Status(string group, string version, string kind, string name) => new()
    {
        ["group"] = group, ["version"] = version, ["kind"] = kind, ["namespace"] = "observability", ["name"] = name,
        ["status"] = "OutOfSync",
    };

    static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
