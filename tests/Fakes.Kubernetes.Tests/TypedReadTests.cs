using k8s;
using k8s.Autorest;
using System.Net;

namespace Fakes.Kubernetes.Tests;

/// <summary>The typed calls the cluster checks make: pods, deployments, statefulsets, CRDs, events by field
/// selector, through a client built from the fake's kubeconfig.</summary>
public sealed class TypedReadTests
{
    static CancellationToken Ct => Harness.Ct;

    [Fact]
    public async Task The_kubeconfig_loads_and_points_the_client_at_the_fake_with_its_token()
    {
        await using var h = await Harness.StartAsync();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(h.KubeconfigPath);

        config.Host.TrimEnd('/').ShouldBe(h.Fake.Url.ToString().TrimEnd('/'));
        config.AccessToken.ShouldBe(h.Fake.Token);
        config.Namespace.ShouldBe("default");
        (await h.Client.Version.GetCodeAsync(Ct)).GitVersion.ShouldStartWith("v1.");
        h.Fake.Requests.ShouldContain(r => r.Path == "/version/" && r.Status == 200, string.Join(", ", h.Fake.Requests));
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_with_an_Unauthorized_status()
    {
        await using var h = await Harness.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), "fakes-kubernetes", $"bad-{Guid.NewGuid():n}.yaml");
        File.WriteAllText(path, h.Fake.Kubeconfig().Replace(h.Fake.Token, "not-the-token", StringComparison.Ordinal));
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
        File.Delete(path);

        var e = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedPodAsync("default",
            cancellationToken: Ct));

        e.Response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Harness.Status(e)["reason"]!.GetValue<string>().ShouldBe("Unauthorized");
    }

    [Fact]
    public async Task Pods_list_by_label_selector_and_across_namespaces_by_phase()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Pod("monitoring", "prometheus-0", "Running", new() { ["app.kubernetes.io/name"] = "prometheus" }));
        h.Fake.Put(Objects.Pod("monitoring", "grafana-agent-1", "Pending", new() { ["app.kubernetes.io/name"] = "agent" }));
        h.Fake.Put(Objects.Pod("external-secrets", "eso-7d9", "Pending", new() { ["app.kubernetes.io/name"] = "external-secrets" }));

        var prometheus = await h.Client.CoreV1.ListNamespacedPodAsync("monitoring", labelSelector: "app.kubernetes.io/name=prometheus",
            cancellationToken: Ct);
        var notPrometheus = await h.Client.CoreV1.ListNamespacedPodAsync("monitoring", labelSelector: "app.kubernetes.io/name!=prometheus",
            cancellationToken: Ct);
        var setBased = await h.Client.CoreV1.ListNamespacedPodAsync("monitoring", labelSelector: "app.kubernetes.io/name in (agent,other)",
            cancellationToken: Ct);
        var pending = await h.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "status.phase=Pending", cancellationToken: Ct);

        prometheus.Items.Select(p => p.Metadata.Name).ShouldBe(["prometheus-0"]);
        prometheus.Items[0].Status.Phase.ShouldBe("Running");
        prometheus.Metadata.ResourceVersion.ShouldBe(h.Fake.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        notPrometheus.Items.Select(p => p.Metadata.Name).ShouldBe(["grafana-agent-1"]);
        setBased.Items.Select(p => p.Metadata.Name).ShouldBe(["grafana-agent-1"]);
        pending.Items.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}")
            .ShouldBe(["external-secrets/eso-7d9", "monitoring/grafana-agent-1"]);
    }

    [Fact]
    public async Task Deployments_statefulsets_and_CRDs_read_typed_with_their_status()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Deployment("external-secrets", "external-secrets-webhook", replicas: 2));
        h.Fake.Put(Objects.StatefulSet("monitoring", "prometheus", replicas: 1));
        h.Fake.Put(Objects.Crd("externalsecrets", "external-secrets.io", "ExternalSecret"));

        var deployments = await h.Client.AppsV1.ListNamespacedDeploymentAsync("external-secrets", cancellationToken: Ct);
        var deployment = await h.Client.AppsV1.ReadNamespacedDeploymentAsync("external-secrets-webhook", "external-secrets",
            cancellationToken: Ct);
        var statefulSets = await h.Client.AppsV1.ListNamespacedStatefulSetAsync("monitoring", cancellationToken: Ct);
        var statefulSet = await h.Client.AppsV1.ReadNamespacedStatefulSetAsync("prometheus", "monitoring", cancellationToken: Ct);
        var crd = await h.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("externalsecrets.external-secrets.io",
            cancellationToken: Ct);

        deployments.Items.ShouldHaveSingleItem().Metadata.Name.ShouldBe("external-secrets-webhook");
        deployment.Metadata.Generation.ShouldBe(1);
        deployment.Status.ObservedGeneration.ShouldBe(1);
        deployment.Status.AvailableReplicas.ShouldBe(2);
        deployment.Spec.Replicas.ShouldBe(2);
        statefulSets.Items.ShouldHaveSingleItem().Spec.ServiceName.ShouldBe("prometheus");
        statefulSet.Status.UpdateRevision.ShouldBe("prometheus-abc");
        crd.Spec.Names.Kind.ShouldBe("ExternalSecret");
        crd.Status.Conditions.ShouldContain(c => c.Type == "Established" && c.Status == "True");
    }

    [Fact]
    public async Task A_missing_typed_object_is_a_404_HttpOperationException_with_the_Status_body()
    {
        await using var h = await Harness.StartAsync();

        var e = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("applications.argoproj.io", cancellationToken: Ct));

        e.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var status = Harness.Status(e);
        status["message"]!.GetValue<string>()
            .ShouldBe("customresourcedefinitions.apiextensions.k8s.io \"applications.argoproj.io\" not found");
        status["details"]!["kind"]!.GetValue<string>().ShouldBe("customresourcedefinitions");
    }

    [Fact]
    public async Task Events_filter_by_involved_object_reason_and_type_as_the_server_does()
    {
        await using var h = await Harness.StartAsync();
        var es = h.Fake.Put(Objects.ExternalSecret("monitoring", "grafana-cloud"));
        var other = h.Fake.Put(Objects.ExternalSecret("monitoring", "other"));
        var pod = h.Fake.Put(Objects.Pod("monitoring", "prometheus-0", "Pending"));
        h.Fake.AddEvent(es, "Warning", "UpdateFailed",
            "error processing spec.data[0] (key: trinity-grafana-cloud), err: Secret does not exist", "external-secrets");
        h.Fake.AddEvent(es, "Normal", "Updated", "secret updated", "external-secrets");
        h.Fake.AddEvent(other, "Warning", "UpdateFailed", "something else", "external-secrets");
        h.Fake.AddEvent(pod, "Warning", "FailedScheduling",
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for " +
                "incoming pod.", "default-scheduler");

        var failed = await h.Client.CoreV1.ListNamespacedEventAsync("monitoring",
            fieldSelector: "involvedObject.kind=ExternalSecret,involvedObject.name=grafana-cloud,reason=UpdateFailed",
                cancellationToken: Ct);
        var scheduling = await h.Client.CoreV1.ListNamespacedEventAsync("monitoring",
            fieldSelector: "involvedObject.name=prometheus-0,reason=FailedScheduling", cancellationToken: Ct);
        var warnings = await h.Client.CoreV1.ListNamespacedEventAsync("monitoring", fieldSelector: "type=Warning,source=external-secrets",
            cancellationToken: Ct);
        var notWarnings = await h.Client.CoreV1.ListNamespacedEventAsync("monitoring", fieldSelector: "type!=Warning",
            cancellationToken: Ct);

        var e = failed.Items.ShouldHaveSingleItem();
        e.Message.ShouldContain("Secret does not exist");
        e.Type.ShouldBe("Warning");
        e.InvolvedObject.Uid.ShouldBe(es["metadata"]!["uid"]!.GetValue<string>());
        e.LastTimestamp.ShouldNotBeNull();
        scheduling.Items.ShouldHaveSingleItem().Message.ShouldContain("Insufficient cpu");
        scheduling.Items[0].Source.Component.ShouldBe("default-scheduler");
        warnings.Items.Count.ShouldBe(2);
        notWarnings.Items.ShouldHaveSingleItem().Reason.ShouldBe("Updated");
    }

    [Fact]
    public async Task An_unsupported_field_label_is_a_400_as_on_the_server()
    {
        await using var h = await Harness.StartAsync();

        var e = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "message=x", cancellationToken: Ct));
        var custom = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CustomObjects.ListNamespacedCustomObjectAsync("argoproj.io", "v1alpha1", "argocd", "applications",
                fieldSelector: "status.sync.status=Synced", cancellationToken: Ct));

        e.Response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Harness.Status(e)["message"]!.GetValue<string>().ShouldBe("field label not supported: message");
        Harness.Status(custom)["message"]!.GetValue<string>().ShouldBe("field label not supported: status.sync.status");
    }

    [Fact]
    public async Task Cluster_scoped_core_objects_use_the_unnamespaced_paths_including_namespaces_status()
    {
        await using var h = await Harness.StartAsync();

        var created = await h.Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "monitoring" } },
            cancellationToken: Ct);
        var read = await h.Client.CoreV1.ReadNamespaceAsync("monitoring", cancellationToken: Ct);
        var terminating = await h.Client.CoreV1.PatchNamespaceStatusAsync(new k8s.Models.V1Patch("""{"status":{"phase":"Terminating"}}""",
            k8s.Models.V1Patch.PatchType.MergePatch), "monitoring", cancellationToken: Ct);
        var byPhase = await h.Client.CoreV1.ListNamespaceAsync(fieldSelector: "status.phase=Terminating", cancellationToken: Ct);

        created.Metadata.Uid.ShouldNotBeNullOrEmpty();
        read.Metadata.Name.ShouldBe("monitoring");
        terminating.Status.Phase.ShouldBe("Terminating");
        byPhase.Items.ShouldHaveSingleItem().Metadata.Name.ShouldBe("monitoring");
        h.Fake.Requests.Select(r => $"{r.Method} {r.Path}")
            .ShouldBe(["POST /api/v1/namespaces", "GET /api/v1/namespaces/monitoring", "PATCH /api/v1/namespaces/monitoring/status",
                "GET /api/v1/namespaces"]);
    }
}
