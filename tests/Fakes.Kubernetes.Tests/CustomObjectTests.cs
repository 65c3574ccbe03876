using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Fakes.Kubernetes.Tests;

/// <summary>Generic custom-object calls on Argo CD Applications and ESO objects: reads, 404/409/422/415 Status
/// bodies, optimistic concurrency, patch types, paging, dry run, finalizers.</summary>
public sealed class CustomObjectTests
{
    const string Argo = "argoproj.io", ArgoVersion = "v1alpha1", Eso = "external-secrets.io", EsoVersion = "v1";
    static CancellationToken Ct => Harness.Ct;

    static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task Applications_and_ExternalSecrets_list_and_get_with_kind_apiVersion_and_server_metadata()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("prometheus"));
        h.Fake.Put(Objects.Application("eso"));
        h.Fake.Put(Objects.ExternalSecret("monitoring", "grafana-cloud"));
        h.Fake.Put(Objects.ClusterSecretStore("platform-secrets"));

        var apps = Harness.Node(await h.Client.CustomObjects.ListNamespacedCustomObjectAsync(Argo, ArgoVersion, Objects.ArgoCd,
            "applications", cancellationToken: Ct));
        var app = Harness.Node(await h.Client.CustomObjects.GetNamespacedCustomObjectAsync(Argo, ArgoVersion, Objects.ArgoCd,
            "applications", "eso", Ct));
        var es = Harness.Node(await h.Client.CustomObjects.GetNamespacedCustomObjectAsync(Eso, EsoVersion, "monitoring", "externalsecrets",
            "grafana-cloud", Ct));
        var everywhere = Harness.Node(await h.Client.CustomObjects.ListClusterCustomObjectAsync(Eso, EsoVersion, "externalsecrets",
            cancellationToken: Ct));
        var store = Harness.Node(await h.Client.CustomObjects.GetClusterCustomObjectAsync(Eso, EsoVersion, "clustersecretstores",
            "platform-secrets", Ct));

        Text(apps["kind"]).ShouldBe("ApplicationList");
        apps["items"]!.AsArray().Select(i => Text(i!["metadata"]!["name"])).ShouldBe(["eso", "prometheus"]);
        Text(apps["items"]![0]!["kind"]).ShouldBe("Application"); // unstructured items keep kind and apiVersion
        Text(app["apiVersion"]).ShouldBe("argoproj.io/v1alpha1");
        Text(app["metadata"]!["uid"]).ShouldNotBeNullOrEmpty();
        Text(app["metadata"]!["creationTimestamp"]).ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        app["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        Text(app["status"]!["health"]!["status"]).ShouldBe("Progressing");
        Text(es["spec"]!["secretStoreRef"]!["name"]).ShouldBe("platform-secrets");
        everywhere["items"]!.AsArray().Count.ShouldBe(1);
        Text(store["status"]!["conditions"]![0]!["reason"]).ShouldBe("Valid");
        h.Fake.Requests.Select(r => r.Path).ShouldContain("/apis/external-secrets.io/v1/clustersecretstores/platform-secrets");
    }

    [Fact]
    public async Task A_missing_Application_is_a_404_HttpOperationException_carrying_the_servers_Status()
    {
        await using var h = await Harness.StartAsync();

        var e = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CustomObjects.GetNamespacedCustomObjectAsync(Argo, ArgoVersion, Objects.ArgoCd, "applications", "missing", Ct));

        e.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        e.Message.ShouldBe($"Operation returned an invalid status code 'NotFound', response body {e.Response.Content}");
        var status = Harness.Status(e);
        Text(status["kind"]).ShouldBe("Status");
        Text(status["apiVersion"]).ShouldBe("v1");
        Text(status["status"]).ShouldBe("Failure");
        Text(status["reason"]).ShouldBe("NotFound");
        status["code"]!.GetValue<int>().ShouldBe(404);
        Text(status["message"]).ShouldBe("applications.argoproj.io \"missing\" not found");
        Text(status["details"]!["name"]).ShouldBe("missing");
        Text(status["details"]!["group"]).ShouldBe("argoproj.io");
        Text(status["details"]!["kind"]).ShouldBe("applications");
    }

    [Fact]
    public async Task Create_is_201_then_409_AlreadyExists()
    {
        await using var h = await Harness.StartAsync();
        var body = Objects.ExternalSecret("monitoring", "grafana-cloud");
        body["status"] = new JsonObject { ["refreshTime"] = "2026-01-01T00:00:00Z" };

        var created = Harness.Node(await h.Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Eso, EsoVersion, "monitoring",
            "externalsecrets", cancellationToken: Ct));
        var e = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Eso, EsoVersion, "monitoring", "externalsecrets",
                cancellationToken: Ct));

        created["status"].ShouldBeNull(); // a status subresource kind drops status on create
        created["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        h.Fake.Requests.First(r => r.Method == "POST").Status.ShouldBe(201);
        e.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Text(Harness.Status(e)["reason"]).ShouldBe("AlreadyExists");
        Text(Harness.Status(e)["message"]).ShouldBe("externalsecrets.external-secrets.io \"grafana-cloud\" already exists");
    }

    [Fact]
    public async Task Replace_with_a_stale_resourceVersion_is_a_409_Conflict_and_without_one_a_422()
    {
        await using var h = await Harness.StartAsync();
        var stale = h.Fake.Put(Objects.Application("eso"));
        h.Fake.Mutate("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso", a => a["spec"]!["project"] = "platform");

        var conflict = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(stale, Argo, ArgoVersion, Objects.ArgoCd, "applications", "eso",
                cancellationToken: Ct));
        var unconditional = stale.DeepClone().AsObject();
        unconditional["metadata"]!.AsObject().Remove("resourceVersion");
        var invalid = await Should.ThrowAsync<HttpOperationException>(() =>
            h.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(unconditional, Argo, ArgoVersion, Objects.ArgoCd, "applications",
                "eso", cancellationToken: Ct));
        var fresh = Harness.Node(await h.Client.CustomObjects.GetNamespacedCustomObjectAsync(Argo, ArgoVersion, Objects.ArgoCd,
            "applications", "eso", Ct));
        fresh["spec"]!["project"] = "default";
        var replaced = Harness.Node(await h.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(fresh, Argo, ArgoVersion,
            Objects.ArgoCd, "applications", "eso", cancellationToken: Ct));

        conflict.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Text(Harness.Status(conflict)["reason"]).ShouldBe("Conflict");
        Text(Harness.Status(conflict)["message"])
            .ShouldBe("Operation cannot be fulfilled on applications.argoproj.io \"eso\": the object has been modified; please apply " +
                "your changes to the latest version and try again");
        invalid.Response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Text(Harness.Status(invalid)["message"])
            .ShouldContain("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        Text(replaced["spec"]!["project"]).ShouldBe("default");
        long.Parse(Text(replaced["metadata"]!["resourceVersion"]), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(h.Fake.ResourceVersion);
    }

    [Fact]
    public async Task Merge_and_json_patches_apply_strategic_merge_is_refused_for_custom_resources_and_taken_for_built_ins()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.Application("eso"));
        h.Fake.Put(Objects.Deployment("external-secrets", "external-secrets"));

        var merged = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"annotations":{"argocd.argoproj.io/refresh":"hard"}}}""", V1Patch.PatchType.MergePatch),
            Argo, ArgoVersion, Objects.ArgoCd, "applications", "eso", cancellationToken: Ct));
        var jsonPatched = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/spec/project","value":"default"},{"op":"replace","path":"/spec/source/targetRevision","value":"v2"}]""", V1Patch.PatchType.JsonPatch),
            Argo, ArgoVersion, Objects.ArgoCd, "applications", "eso", cancellationToken: Ct));
        var failedTest = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/spec/project","value":"other"}]""", V1Patch.PatchType.JsonPatch),
            Argo, ArgoVersion, Objects.ArgoCd, "applications", "eso", cancellationToken: Ct));
        var strategic = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"project":"x"}}""", V1Patch.PatchType.StrategicMergePatch),
            Argo, ArgoVersion, Objects.ArgoCd, "applications", "eso", cancellationToken: Ct));
        var plainJson = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new JsonObject { ["spec"] = new JsonObject { ["project"] = "x" } },
            Argo, ArgoVersion, Objects.ArgoCd, "applications", "eso", cancellationToken: Ct));
        var scaled = await h.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.StrategicMergePatch), "external-secrets", "external-secrets",
                cancellationToken: Ct);

        Text(merged["metadata"]!["annotations"]!["argocd.argoproj.io/refresh"]).ShouldBe("hard");
        Text(jsonPatched["spec"]!["source"]!["targetRevision"]).ShouldBe("v2");
        failedTest.Response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        strategic.Response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        Text(Harness.Status(strategic)["message"]).ShouldContain("application/merge-patch+json");
        plainJson.Response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType); // a bare object goes as application/json
        scaled.Spec.Replicas.ShouldBe(3);
        scaled.Metadata.Generation.ShouldBe(2);
    }

    [Fact]
    public async Task A_list_pages_with_limit_and_continue()
    {
        await using var h = await Harness.StartAsync();
        foreach (var name in new[] { "a", "b", "c", "d", "e" }) h.Fake.Put(Objects.Application(name));

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = Harness.Node(await h.Client.CustomObjects.ListNamespacedCustomObjectAsync(Argo, ArgoVersion, Objects.ArgoCd,
                "applications",
                limit: 2, continueParameter: token, cancellationToken: Ct));
            names.AddRange(page["items"]!.AsArray().Select(i => Text(i!["metadata"]!["name"])));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        names.ShouldBe(["a", "b", "c", "d", "e"]);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task Delete_removes_or_with_a_finalizer_marks_until_the_finalizer_goes()
    {
        await using var h = await Harness.StartAsync();
        h.Fake.Put(Objects.ExternalSecret("monitoring", "plain"));
        var guarded = Objects.Application("eso");
        guarded["metadata"]!["finalizers"] = new JsonArray("resources-finalizer.argocd.argoproj.io");
        h.Fake.Put(guarded);

        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Eso, EsoVersion, "monitoring", "externalsecrets", "plain",
            cancellationToken: Ct);
        var marked = Harness.Node(await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Argo, ArgoVersion, Objects.ArgoCd,
            "applications", "eso", cancellationToken: Ct));
        var stillThere = h.Fake.Get("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso");
        h.Fake.Mutate("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso", a => a["metadata"]!.AsObject().Remove("finalizers"));

        h.Fake.Get("external-secrets.io/v1", "ExternalSecret", "monitoring", "plain").ShouldBeNull();
        marked["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        stillThere.ShouldNotBeNull();
        stillThere["metadata"]!["generation"]!.GetValue<long>().ShouldBe(2);
        h.Fake.Get("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso").ShouldBeNull();
    }

    [Fact]
    public async Task A_dry_run_answers_without_writing()
    {
        await using var h = await Harness.StartAsync();
        var before = h.Fake.ResourceVersion;

        var answer = Harness.Node(await h.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Objects.Application("eso"), Argo,
            ArgoVersion, Objects.ArgoCd, "applications",
            dryRun: "All", cancellationToken: Ct));

        Text(answer["metadata"]!["name"]).ShouldBe("eso");
        h.Fake.ResourceVersion.ShouldBe(before);
        h.Fake.Get("argoproj.io/v1alpha1", "Application", Objects.ArgoCd, "eso").ShouldBeNull();
    }

    [Fact]
    public async Task Server_side_apply_needs_a_field_manager_creates_when_missing_and_merges_when_present()
    {
        await using var h = await Harness.StartAsync();
        var body = Objects.Application("root");
        body.Remove("status");
        V1Patch Apply(JsonObject obj) => new(obj.ToJsonString(), V1Patch.PatchType.ApplyPatch);

        var noManager = await Should.ThrowAsync<HttpOperationException>(() => h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Apply(body), Argo, ArgoVersion, Objects.ArgoCd, "applications", "root", cancellationToken: Ct));
        var created = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Apply(body), Argo, ArgoVersion, Objects.ArgoCd, "applications", "root", fieldManager: "trinity", cancellationToken: Ct));
        body["spec"]!["source"]!["targetRevision"] = "v2";
        var updated = Harness.Node(await h.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            Apply(body), Argo, ArgoVersion, Objects.ArgoCd, "applications", "root", fieldManager: "trinity", force: true,
                cancellationToken: Ct));

        noManager.Response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Text(Harness.Status(noManager)["message"]).ShouldContain("fieldManager: Required value");
        h.Fake.Requests.Where(r => r.Method == "PATCH").Select(r => r.Status).ShouldBe([422, 201, 200]);
        created["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        Text(updated["spec"]!["source"]!["targetRevision"]).ShouldBe("v2");
        updated["metadata"]!["generation"]!.GetValue<long>().ShouldBe(2);
    }
}
