using k8s;
using k8s.Models;

namespace Fakes.Kubernetes.Tests;

/// <summary>Who may write status, and when generation moves: ESO kinds and Deployments have a status
/// subresource, Argo CD's Application does not (its CRD says <c>subresources: {}</c>).</summary>
public sealed class StatusSubresourceTests
{
    const string Eso = "external-secrets.io", EsoVersion = "v1";
    static CancellationToken Ct => Harness.Ct;

    static long Generation(JsonObject obj) => obj["metadata"]!["generation"]!.GetValue<long>();

    static string Rv(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    static V1Patch Merge(string json) => new(json, V1Patch.PatchType.MergePatch);

    [Fact]
    public async Task ExternalSecret_main_patch_ignores_status_status_patch_ignores_spec_and_only_spec_moves_generation()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.ExternalSecret("monitoring", "grafana-cloud"));

        var main = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Merge("""{"spec":{"refreshInterval":"5m"},"status":{"syncedResourceVersion":"9-x"}}"""), Eso, EsoVersion, "monitoring",
                "externalsecrets", "grafana-cloud", cancellationToken: Ct));
        var status = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            Merge("""{"spec":{"refreshInterval":"1m"},"status":{"syncedResourceVersion":"2-abc","conditions":[{"type":"Ready","status":"True","reason":"SecretSynced","message":"secret synced"}]}}"""),
            Eso, EsoVersion, "monitoring", "externalsecrets", "grafana-cloud", cancellationToken: Ct));
        var read = Harness.Node(await h.Client.CustomObjects.GetNamespacedCustomObjectStatusAsync(Eso, EsoVersion, "monitoring",
            "externalsecrets", "grafana-cloud", Ct));

        main["spec"]!["refreshInterval"]!.GetValue<string>().ShouldBe("5m");
        main["status"].ShouldBeNull();
        Generation(main).ShouldBe(2);
        status["spec"]!["refreshInterval"]!.GetValue<string>().ShouldBe("5m");
        status["status"]!["syncedResourceVersion"]!.GetValue<string>().ShouldBe("2-abc");
        Generation(status).ShouldBe(2);
        Rv(status).ShouldNotBe(Rv(main));
        read["status"]!["conditions"]![0]!["reason"]!.GetValue<string>().ShouldBe("SecretSynced");
    }

    [Fact]
    public async Task Application_takes_status_in_a_normal_patch_and_every_non_metadata_change_moves_generation()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));

        var statusOnly = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Merge("""{"status":{"sync":{"status":"Synced"},"health":{"status":"Healthy"}}}"""), "argoproj.io", "v1alpha1", Objects.ArgoCd,
                "applications", "eso", cancellationToken: Ct));
        var labelsOnly = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Merge("""{"metadata":{"labels":{"wave":"1"}}}"""), "argoproj.io", "v1alpha1", Objects.ArgoCd, "applications", "eso",
                cancellationToken: Ct));
        var noStatusEndpoint = await Should.ThrowAsync<k8s.Autorest.HttpOperationException>(() =>
            h.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            Merge("""{"status":{}}"""), "argoproj.io", "v1alpha1", Objects.ArgoCd, "applications", "eso", cancellationToken: Ct));

        statusOnly["status"]!["health"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        Generation(statusOnly).ShouldBe(2); // apiextensions-apiserver: without a status subresource status is not exempt
        Generation(labelsOnly).ShouldBe(2);
        noStatusEndpoint.Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mutate_follows_the_same_generation_rules_and_a_no_op_writes_nothing()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.ExternalSecret("monitoring", "grafana-cloud"));
        h.Fake.Put(Objects.Deployment("external-secrets", "external-secrets"));

        var statusChange = h.Fake.Mutate("external-secrets.io/v1", "ExternalSecret", "monitoring", "grafana-cloud",
            es => es["status"] = new JsonObject { ["refreshTime"] = "2026-01-01T00:00:00Z" });
        var specChange = h.Fake.Mutate("external-secrets.io/v1", "ExternalSecret", "monitoring", "grafana-cloud",
            es => es["spec"]!["refreshInterval"] = "10m");
        var before = h.Fake.ResourceVersion;
        var noOp = h.Fake.Mutate("external-secrets.io/v1", "ExternalSecret", "monitoring", "grafana-cloud",
            es => es["spec"]!["refreshInterval"] = "10m");
        var annotated = h.Fake.Mutate("apps/v1", "Deployment", "external-secrets", "external-secrets",
            d => d["metadata"]!["annotations"] = new JsonObject { ["a"] = "b" });

        Generation(statusChange).ShouldBe(1);
        Generation(specChange).ShouldBe(2);
        Rv(noOp).ShouldBe(Rv(specChange));
        h.Fake.ResourceVersion.ShouldBeGreaterThan(before); // only through the Deployment write
        Generation(annotated).ShouldBe(2); // Deployments also move generation on annotation changes
    }

    [Fact]
    public async Task Deployment_status_goes_through_its_status_endpoint_and_rollout_fields_read_typed()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Deployment("external-secrets", "external-secrets-webhook", replicas: 2));

        var rolled = await h.Client.AppsV1.PatchNamespacedDeploymentAsync(Merge("""{"spec":{"template":{"spec":{"containers":[{"name":"external-secrets-webhook","image":"example/webhook:2"}]}}}}"""),
            "external-secrets-webhook", "external-secrets", cancellationToken: Ct);
        var ignored = await h.Client.AppsV1.PatchNamespacedDeploymentAsync(Merge("""{"status":{"observedGeneration":2}}"""),
            "external-secrets-webhook", "external-secrets", cancellationToken: Ct);
        var observed = await h.Client.AppsV1.PatchNamespacedDeploymentStatusAsync(Merge("""{"status":{"observedGeneration":2,"updatedReplicas":1}}"""), "external-secrets-webhook", "external-secrets", cancellationToken: Ct);

        rolled.Metadata.Generation.ShouldBe(2);
        rolled.Status.ObservedGeneration.ShouldBe(1);
        ignored.Status.ObservedGeneration.ShouldBe(1);
        observed.Status.ObservedGeneration.ShouldBe(2);
        observed.Status.UpdatedReplicas.ShouldBe(1);
        observed.Metadata.Generation.ShouldBe(2);
    }

    [Fact]
    public async Task Put_seeds_status_and_an_explicit_generation_as_a_controller_would_have_left_them()
    {
        await using var h = await Harness.StartAsync();
        var es = Objects.ExternalSecret("monitoring", "grafana-cloud");
        es["metadata"]!["generation"] = 3;
        es["status"] = new JsonObject { ["syncedResourceVersion"] = "2-abc" };

        var stored = h.Fake.Put(es);
        var read = Harness.Node(await h.Client.CustomObjects.GetNamespacedCustomObjectAsync(Eso, EsoVersion, "monitoring",
            "externalsecrets", "grafana-cloud", Ct));

        Generation(stored).ShouldBe(3);
        Generation(read).ShouldBe(3);
        read["status"]!["syncedResourceVersion"]!.GetValue<string>().ShouldBe("2-abc");
    }
}
