using System.Diagnostics;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.Manifests;

namespace Build.Tests.Cluster;

/// <summary>Drift against a fake cluster and the fake pulumi: every class of difference, each with its remedy, in one
/// table, .nuke/temp/drift/gcp.json and a failed exit; a cluster and stacks that match Git pass; no value of a secret
/// anywhere.</summary>
public sealed class DriftTests
{
    const string Overlay = "platform/secrets-demo/overlays/dev-gcp";
    const string StateCanary = "canary-preview-state-Pw63Rt";

    sealed record Setup(FakeInfra Infra, PlatformCluster Cluster) : IAsyncDisposable
    {
        public async Task<Harness.Result> DriftAsync()
        {
            Cluster.Api.WriteKubeconfig(Infra.Copy.PathOf("kubeconfig.gcp.yaml"));
            return await Infra.RunAsync("Drift", "--cloud", "gcp", "--skip", "InfraDependencies");
        }

        public JsonObject Report => JsonNode.Parse(File.ReadAllText(Infra.Copy.PathOf(".nuke/temp/drift/gcp.json")))!.AsObject();

        public ValueTask DisposeAsync() => Cluster.DisposeAsync();
    }

    static async Task<Setup> StartAsync()
    {
        var setup = new Setup(new FakeInfra(), await PlatformCluster.StartAsync("gcp"));
        setup.Cluster.App("trinity-secrets-demo-gcp", a => a["spec"]!["source"]!["path"] = Overlay);
        return setup;
    }

    /// <summary>The objects Git renders for the overlay, as a healthy sync would have left them in the cluster.</summary>
    static List<JsonObject> Rendered(PlatformCopy copy)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", copy.PathOf(Overlay)]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var yaml = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
        return [.. Yaml.Documents(yaml).OfType<JsonObject>()];
    }

    static JsonObject Managed(string manager, JsonObject fields, string time = "2026-11-28T06:00:00Z") => new()
    {
        ["manager"] = manager, ["operation"] = "Update", ["apiVersion"] = "external-secrets.io/v1", ["time"] = time,
        ["fieldsType"] = "FieldsV1", ["fieldsV1"] = fields,
    };

    /// <summary>ExternalSecret's CRD as the cluster serves it, its schema cut down to the defaults this test needs
    /// (external-secrets 2.9.0 defaults spec.refreshInterval to 1h0m0s and spec.target to {creationPolicy: Owner,
    /// deletionPolicy: Retain}): the real file when the pinned CRDs are at hand.</summary>
    static JsonObject ExternalSecretCrd()
    {
        if (PlatformCopy.PinnedCrdFolderOrNull is { } folder)
            return Yaml.Documents(File.ReadAllText(Path.Combine(folder, "external-secrets.io_externalsecrets.yaml")))
                .OfType<JsonObject>().Single();
        return JsonNode.Parse("""
            {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
             "metadata": {"name": "externalsecrets.external-secrets.io"},
             "spec": {"group": "external-secrets.io", "scope": "Namespaced",
               "names": {"kind": "ExternalSecret", "plural": "externalsecrets"},
               "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object",
                 "properties": {"spec": {"type": "object", "properties": {
                   "refreshInterval": {"type": "string", "default": "1h0m0s"},
                   "target": {"type": "object", "default": {"creationPolicy": "Owner", "deletionPolicy": "Retain"},
                     "properties": {"creationPolicy": {"type": "string", "default": "Owner"},
                       "deletionPolicy": {"type": "string", "default": "Retain"}, "name": {"type": "string"}}}}}}}}}]}}
            """)!.AsObject();
    }

    static JsonObject StoreCrd() => JsonNode.Parse("""
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "clustersecretstores.external-secrets.io"},
         "spec": {"group": "external-secrets.io", "scope": "Cluster", "names": {"kind": "ClusterSecretStore", "plural": "clustersecretstores"},
           "versions": [{"name": "v1", "served": true, "storage": true,
             "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}}
        """)!.AsObject();

    static JsonObject Status(string group, string kind, string? ns, string name, bool prune = false)
    {
        var entry = new JsonObject { ["group"] = group, ["version"] = group.Length == 0 ? "v1" : "v1", ["kind"] = kind, ["name"] = name,
            ["status"] = "OutOfSync" };
        if (ns is not null) entry["namespace"] = ns;
        if (prune) entry["requiresPruning"] = true;
        return entry;
    }

    [Fact]
    public async Task Each_class_of_drift_is_named_with_its_remedy_and_the_run_fails()
    {
        await using var setup = await StartAsync();
        var copy = setup.Infra.Copy;
        var live = Rendered(copy);
        var api = setup.Cluster.Api;

        // Git leaves out two fields the CRD defaults; the cluster has them.
        copy.Edit("platform/secrets-demo/base/external-secret.yaml", "  refreshInterval: 1h0m0s\n", "");
        copy.Edit("platform/secrets-demo/base/external-secret.yaml", "    deletionPolicy: Retain\n", "");
        api.Put(ExternalSecretCrd());
        api.Put(StoreCrd());
        var externalSecret = live.Single(o => o["kind"]!.GetValue<string>() == "ExternalSecret");
        externalSecret["metadata"]!["managedFields"] = new JsonArray(Managed("argocd-controller",
            JsonNode.Parse("""{"f:spec": {"f:data": {}, "f:refreshInterval": {}, "f:secretStoreRef": {}, "f:target": {}}}""")!.AsObject()));
        externalSecret["status"] = new JsonObject { ["refreshTime"] = "2026-11-28T06:00:40Z" };
        api.Put(externalSecret);

        // A person changed the store's project; a controller labelled it.
        var store = live.Single(o => o["kind"]!.GetValue<string>() == "ClusterSecretStore");
        store["spec"]!["provider"]!["gcpsm"]!["projectID"] = "someone-elses-project";
        store["metadata"]!["labels"] = new JsonObject { ["team.example.com/owner"] = "platform" };
        store["metadata"]!["managedFields"] = new JsonArray(
            Managed("argocd-controller", JsonNode.Parse("""{"f:spec": {"f:provider": {"f:gcpsm": {"f:projectID": {}}}}}""")!.AsObject()),
            Managed("kubectl-edit", JsonNode.Parse("""{"f:spec": {"f:provider": {"f:gcpsm": {"f:projectID": {}}}}}""")!.AsObject(),
                "2026-11-29T09:12:00Z"),
            Managed("team-labeller", JsonNode.Parse("""{"f:metadata": {"f:labels": {"f:team.example.com/owner": {}}}}""")!.AsObject()));
        api.Put(store);

        // The namespace is gone from the cluster; a ConfigMap nobody committed is there.
        api.Delete("v1", "Namespace", null, "secrets-demo");
        api.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "leftover", ["namespace"] = "secrets-demo" },
            ["data"] = new JsonObject { ["note"] = "made by hand" },
        });
        setup.Cluster.App("trinity-secrets-demo-gcp", a => a["status"]!["resources"] = new JsonArray(
            Status("", "Namespace", null, "secrets-demo"),
            Status("external-secrets.io", "ClusterSecretStore", null, "gcp-secret-manager"),
            Status("external-secrets.io", "ExternalSecret", "secrets-demo", "provider-test-secret"),
            Status("", "ConfigMap", "secrets-demo", "leftover", prune: true)));

        // pulumi would change the cluster's machine type; its state carries a secret.
        File.WriteAllText(Path.Combine(setup.Infra.State, "gcp.preview.json"), new JsonObject
        {
            ["steps"] = new JsonArray(
                new JsonObject { ["op"] = "same", ["urn"] = "urn:pulumi:dev::trinity-gcp::pulumi:pulumi:Stack::trinity-gcp-dev" },
                new JsonObject
                {
                    ["op"] = "update", ["urn"] = "urn:pulumi:dev::trinity-gcp::gcp:container/cluster:Cluster::trinity-dev-gcp",
                    ["oldState"] = new JsonObject { ["outputs"] = new JsonObject { ["masterAuth"] = StateCanary } },
                    ["diffReasons"] = new JsonArray("nodeConfig"),
                    ["detailedDiff"] = new JsonObject { ["nodeConfig.machineType"] = new JsonObject { ["kind"] = "update" } },
                }),
            ["changeSummary"] = new JsonObject { ["same"] = 1, ["update"] = 1 },
        }.ToJsonString());

        var run = await setup.DriftAsync();
        run.ExitCode.ShouldBe(1, run.All);
        var rows = setup.Report["rows"]!.AsArray().Select(r => (
            Object: r!["object"]!.GetValue<string>(), Field: r["field"]!.GetValue<string>(), Class: r["class"]!.GetValue<string>(),
            Detail: r["detail"]!.GetValue<string>(), Remedy: r["remedy"]!.GetValue<string>())).ToList();
        string[] expected =
        [
            "gcp:container/cluster:Cluster trinity-dev-gcp | nodeConfig.machineType | would change",
            "Namespace/secrets-demo |  | missing in the cluster",
            "ClusterSecretStore/gcp-secret-manager | metadata.labels.team.example.com/owner | changed by a controller",
            "ClusterSecretStore/gcp-secret-manager | spec.provider.gcpsm.projectID | edited by hand",
            "ExternalSecret/secrets-demo/provider-test-secret | spec.refreshInterval | defaulted by the API server",
            "ExternalSecret/secrets-demo/provider-test-secret | spec.target.deletionPolicy | defaulted by the API server",
            "ConfigMap/secrets-demo/leftover |  | not in Git",
        ];
        rows.Select(r => $"{r.Object} | {r.Field} | {r.Class}").Order().ShouldBe(expected.Order(), customMessage: run.Out);

        rows.Single(r => r.Field == "spec.refreshInterval").Remedy
            .ShouldBe("pin it in platform/secrets-demo/base/external-secret.yaml: refreshInterval: \"1h0m0s\"");
        var edited = rows.Single(r => r.Class == "edited by hand");
        edited.Detail.ShouldBe("Git \"trinity-platform-dev\", the cluster \"someone-elses-project\", set by kubectl-edit");
        edited.Remedy.ShouldBe("revert it (argocd app sync trinity-secrets-demo-gcp) or commit it to " +
            "platform/secrets-demo/stores/gcp/cluster-secret-store.yaml");
        rows.Single(r => r.Class == "changed by a controller").Remedy.ShouldStartWith(
            "team-labeller owns it: let trinity-secrets-demo-gcp " +
            "ignore it (ignoreDifferences, managedFieldsManagers: [team-labeller])");
        rows.Single(r => r.Class == "would change").Remedy.ShouldBe("change the program, or apply it: ./build.sh Up --cloud gcp");

        run.Out.ShouldContain("drift of trinity-dev-gcp: 1 would change, 2 defaulted by the API server, 1 changed by a controller, " +
            "1 edited by hand, 1 missing in the cluster, 1 not in Git");
        run.Out.ShouldContain("→ ExternalSecret/secrets-demo/provider-test-secret spec.target.deletionPolicy: the cluster has " +
            "\"Retain\", " +
            "Git leaves it out: the CRD's default; pin it in platform/secrets-demo/base/external-secret.yaml: deletionPolicy: \"Retain\"");
        var all = run.All + File.ReadAllText(setup.Infra.Copy.PathOf(".nuke/temp/drift/gcp.json"));
        foreach (var canary in new[] { StateCanary, PlatformCluster.PasswordCanary, PlatformCluster.SecretsDemoCanary })
            all.ShouldNotContain(canary);
        var previews = setup.Infra.Calls.Where(c => c.Argv[0] == "preview").ToList();
        previews.Select(c => Path.GetFileName(c.Cwd)).Order().ShouldBe(["foundation-gcp", "gcp"]);
        previews.ShouldAllBe(c => c.Argv.Contains("--expect-no-changes") && c.Argv.Contains("--json"));
        api.Requests.ShouldAllBe(r => r.Method == "GET", "Drift only reads");
    }

    [Fact]
    public async Task A_cluster_and_stacks_that_match_Git_pass_and_say_so()
    {
        await using var setup = await StartAsync();
        var run = await setup.DriftAsync();
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("drift of trinity-dev-gcp: none");
        setup.Report["drifts"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task An_app_out_of_sync_in_a_chart_is_unexplained_but_counted_and_an_unread_stack_is_named()
    {
        await using var setup = await StartAsync();
        setup.Cluster.App("trinity-secrets-gcp", a =>
        {
            a["spec"]!["source"] = new JsonObject { ["repoURL"] = "https://charts.external-secrets.io", ["chart"] = "external-secrets",
                ["targetRevision"] = "2.9.0" };
            a["status"]!["resources"] = new JsonArray(Status("apps", "Deployment", "external-secrets", "external-secrets"));
        });
        setup.Infra.Config.Remove("foundation-gcp");
        var run = await setup.DriftAsync();
        run.ExitCode.ShouldBe(1, run.All);
        setup.Report["rows"]!.AsArray().Single()!["detail"]!.GetValue<string>()
            .ShouldBe("out of sync; its source (chart external-secrets from https://charts.external-secrets.io) is not rendered here");
        run.Out.ShouldContain("pulumi preview of stack dev in infra/pulumi/foundation-gcp failed: error: no stack named 'dev' found");
        setup.Report["errors"]!.AsArray().Count.ShouldBe(1);
    }
}
