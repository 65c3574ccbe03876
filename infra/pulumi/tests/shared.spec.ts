import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
    applicationHealthLua, argoCdChart, argoCdValues, assertKeyVaultName, Cloud, clouds, githubSubject, inRepository, keyVaultUrl, namesFor,
    validateClusterRole, validateKubernetesGroup, validatorRules,
} from "@trinity/infra-shared";
import { HealthStatus, runHealthCheck } from "./lua";
import { lua51Missing, luaLiteral, runHealthCheck51 } from "./lua51";
import { skipBecause } from "./skip";

describe("shared naming", () => {
    it("derives every name of (dev, aws) from trinity-dev-aws", () => {
        const names = namesFor("dev", "aws");
        assert.equal(names.cluster, "trinity-dev-aws");
        assert.equal(names.rootApplication, "trinity-dev-aws-root");
        assert.equal(names.rootsDirectory, "platform/argocd/roots/dev-aws");
        assert.equal(names.externalSecretsIdentity, "trinity-dev-aws-eso");
        assert.equal(names.deployIdentity, "trinity-dev-aws-deploy");
        assert.equal(names.secretsIdentity, "trinity-dev-aws-secrets");
        assert.equal(names.validateIdentity, "trinity-dev-aws-validate");
        assert.equal(names.resource("vpc"), "trinity-dev-aws-vpc");
    });

    it("finds the root Application of (env, cloud) in platform/argocd/roots/<env>-<cloud>, three levels above the program", () => {
        assert.equal(namesFor("stg", "gcp").rootsDirectory, "platform/argocd/roots/stg-gcp");
        const repository = path.resolve("/src/trinity");
        assert.equal(inRepository(path.join(repository, "infra", "pulumi", "gcp"), namesFor("stg", "gcp").rootsDirectory),
            path.join(repository, "platform", "argocd", "roots", "stg-gcp"));
    });

    it("holds the backend secret catalog of DESIGN.md, in order", () => {
        assert.deepEqual(namesFor("dev", "aws").backendSecrets, [
            { configKey: "trinity:secretsDemoValue", name: "trinity-dev-aws-secrets-demo" },
            { configKey: "trinity:grafanaCloudRemoteWriteUrl", name: "trinity-dev-aws-grafana-cloud-remote-write-url" },
            { configKey: "trinity:grafanaCloudPrometheusUsername", name: "trinity-dev-aws-grafana-cloud-remote-write-username" },
            { configKey: "trinity:grafanaCloudPrometheusPassword", name: "trinity-dev-aws-grafana-cloud-remote-write-password" },
        ]);
        assert.deepEqual(namesFor("stg", "azure").backendSecrets.map(s => s.name), [
            "trinity-stg-azure-secrets-demo",
            "trinity-stg-azure-grafana-cloud-remote-write-url",
            "trinity-stg-azure-grafana-cloud-remote-write-username",
            "trinity-stg-azure-grafana-cloud-remote-write-password",
        ]);
    });

    it("rejects an env that would break a derived name, naming the rule", () => {
        for (const bad of ["", "d", "Dev", "dev-1", "1dev", "toolongen"]) {
            assert.throws(() => namesFor(bad, "gcp"), /trinity:env must match .*2-8 chars/, `env "${bad}"`);
        }
        assert.throws(() => namesFor("dev", "ibm" as never), /cloud must be one of aws, gcp, azure; got "ibm"/);
    });

    it("keeps the longest env within the GCP service account id limit (30), and every cloud's identity name limit", () => {
        // Service account ids (GCP), role names (AWS), user-assigned identity names (Azure).
        const limits: Record<Cloud, number> = { gcp: 30, aws: 64, azure: 128 };
        for (const cloud of clouds) {
            const names = namesFor("abcdefgh", cloud);
            for (const id of [names.externalSecretsIdentity, names.deployIdentity, names.secretsIdentity, names.validateIdentity]) {
                assert.ok(id.length <= limits[cloud], id);
            }
        }
        assert.equal(namesFor("abcdefgh", "gcp").validateIdentity.length, 29, "the longest service account id");
    });

    it("names the GitHub environments <env>-<cloud>, secrets-<env>-<cloud> and validate-<env>-<cloud>, and their exact OIDC subjects", () => {
        const names = namesFor("prod", "gcp");
        assert.equal(names.deployEnvironment, "prod-gcp");
        assert.equal(names.secretsEnvironment, "secrets-prod-gcp");
        assert.equal(names.validateEnvironment, "validate-prod-gcp");
        assert.equal(githubSubject("acme/trinity", names.secretsEnvironment), "repo:acme/trinity:environment:secrets-prod-gcp");
        assert.equal(githubSubject("acme/trinity", names.validateEnvironment), "repo:acme/trinity:environment:validate-prod-gcp");
        assert.throws(() => githubSubject("acme", "prod-gcp"), /owner\/name/);
        assert.throws(() => githubSubject("acme/*", "prod-gcp"), /owner\/name/);
    });

    it("takes Key Vault names of 3-24 chars and refuses longer or malformed ones", () => {
        assert.equal(assertKeyVaultName("trinity-abcdefgh-xxxxxx"), "trinity-abcdefgh-xxxxxx");
        assert.equal(keyVaultUrl("trinity-dev-kv"), "https://trinity-dev-kv.vault.azure.net/");
        assert.throws(() => assertKeyVaultName("x".repeat(25)), /must be 3-24 letters/);
        assert.throws(() => assertKeyVaultName("abc-"), /must be 3-24 letters/);
        assert.throws(() => assertKeyVaultName("-abc"), /must be 3-24 letters/);
        assert.throws(() => assertKeyVaultName("a--b"), /must be 3-24 letters/);
    });
});

describe("validator ClusterRole", () => {
    const writeVerbs = ["create", "update", "patch", "delete", "deletecollection", "escalate", "bind", "impersonate", "*"];
    const grants = (group: string, resource: string) =>
        validatorRules.filter(r => r.apiGroups.includes(group) && r.resources.includes(resource)).flatMap(r => r.verbs).sort();

    it("is named trinity-validate, and so is the Kubernetes group EKS maps the validate role to", () => {
        assert.equal(validateClusterRole, "trinity-validate");
        assert.equal(validateKubernetesGroup, "trinity-validate");
    });

    it("grants no verb that writes, and no wildcard group, resource or verb", () => {
        for (const rule of validatorRules) {
            assert.deepEqual(rule.verbs.filter(v => writeVerbs.includes(v)), [], rule.resources.join(","));
            assert.ok(!rule.apiGroups.includes("*") && !rule.resources.some(r => r.includes("*")), rule.resources.join(","));
        }
    });

    it("reads exactly what WaitForSync, Validate and Drift read", () => {
        const read = ["get", "list", "watch"];
        assert.deepEqual(validatorRules.flatMap(r => r.apiGroups.flatMap(g => r.resources.map(x => `${g}/${x}`))).sort(), [
            "/configmaps", "/events", "/namespaces", "/pods", "/pods/log", "/secrets", "/serviceaccounts", "/services", "/services/proxy",
            "apiextensions.k8s.io/customresourcedefinitions", "apps/deployments", "argoproj.io/applications", "argoproj.io/appprojects",
            "external-secrets.io/clustersecretstores", "external-secrets.io/externalsecrets", "external-secrets.io/secretstores",
            "rbac.authorization.k8s.io/clusterrolebindings", "rbac.authorization.k8s.io/clusterroles",
        ]);
        for (const resource of ["configmaps", "serviceaccounts"]) assert.deepEqual(grants("", resource), ["get"], "Drift, by name");
        for (const resource of ["applications", "appprojects"]) assert.deepEqual(grants("argoproj.io", resource), read);
        for (const resource of ["externalsecrets", "clustersecretstores", "secretstores"]) assert.deepEqual(grants("external-secrets.io", resource), read);
        for (const resource of ["pods", "events", "services", "namespaces"]) assert.deepEqual(grants("", resource), read);
        assert.deepEqual(grants("apps", "deployments"), read);
        assert.deepEqual(grants("", "pods/log"), ["get"]);
        assert.deepEqual(grants("", "secrets"), ["get"], "a Secret by name, never a list of them");
        assert.deepEqual(grants("", "services/proxy"), ["get"], "Prometheus /-/ready and /api/v1/query");
        assert.deepEqual(grants("apiextensions.k8s.io", "customresourcedefinitions"), ["get"]);
    });
});

describe("Argo CD settings", () => {
    it("pins one exact argo-cd chart version from argo-helm", () => {
        assert.equal(argoCdChart.name, "argo-cd");
        assert.equal(argoCdChart.repo, "https://argoproj.github.io/argo-helm");
        assert.match(argoCdChart.version, /^\d+\.\d+\.\d+$/);
        assert.equal(argoCdChart.version, "10.1.1");
    });

    it("enables server-side diff in argocd-cmd-params-cm", () => {
        assert.equal(argoCdValues.configs.params["controller.diff.server.side"], "true");
    });

    describe("Application health Lua", () => {
        const repoURL = "https://github.com/trinity-platform/trinity-delivery.git";
        const hello = { repoURL, targetRevision: "main", path: "platform/hello" };
        const chart = { repoURL: "https://charts.external-secrets.io", chart: "external-secrets", targetRevision: "2.9.0" };
        /** A child Application as the controller leaves it: its spec, and the status it last computed for `comparedTo`. */
        const child = (spec: object, comparedTo: object | undefined, health: object) =>
            ({ metadata: { name: "trinity-hello-aws" }, spec, status: { sync: { status: "Synced", comparedTo }, health } });
        const healthy = { status: "Healthy", message: "" };
        const stale = (why: string) => ({ status: "Progressing", message: `waiting for a health of the current source: ${why}` });

        // One table, run under fengari (Lua 5.3) and under a real Lua 5.1, the version Argo CD's gopher-lua speaks.
        const cases: { name: string; obj: unknown; expected: HealthStatus }[] = [
            { name: "no status: Progressing", obj: { metadata: { name: "hello" } }, expected: { status: "Progressing", message: "" } },
            { name: "a status without health: Progressing", obj: { status: { sync: { status: "Synced" } } },
                expected: { status: "Progressing", message: "" } },
            { name: "an empty health: Progressing", obj: { status: { health: {} } }, expected: { status: "Progressing", message: "" } },
            { name: "fresh health: the child's own, computed for its spec.source",
                obj: child({ source: hello }, { source: hello, destination: {} }, { status: "Healthy" }), expected: healthy },
            { name: "fresh Degraded: the child's own message",
                obj: child({ source: hello }, { source: hello },
                    { status: "Degraded", message: "Deployment “hello” exceeded its progress deadline" }),
                expected: { status: "Degraded", message: "Deployment “hello” exceeded its progress deadline" } },
            { name: "fresh health of a chart: absent path and chart are the same as empty ones",
                obj: child({ source: { ...chart, path: "" } }, { source: chart }, { status: "Healthy" }), expected: healthy },
            { name: "a health without comparedTo: taken as it is (nothing names another source)",
                obj: { spec: { source: hello }, status: { health: { status: "Healthy" } } }, expected: healthy },
            { name: "stale health: computed for the previous targetRevision",
                obj: child({ source: { ...hello, targetRevision: "3f9c2ab" } }, { source: hello }, { status: "Healthy" }),
                expected: stale("spec.source.targetRevision is '3f9c2ab' but health was computed for 'main'") },
            { name: "stale health: computed for the previous path, Degraded held as Progressing too",
                obj: child({ source: { ...hello, path: "platform/hello-v2" } }, { source: hello }, { status: "Degraded", message: "old" }),
                expected: stale("spec.source.path is 'platform/hello-v2' but health was computed for 'platform/hello'") },
            { name: "stale health: a chart added to the source",
                obj: child({ source: chart }, { source: { repoURL: chart.repoURL, targetRevision: "2.9.0" } }, { status: "Healthy" }),
                expected: stale("spec.source.chart is 'external-secrets' but health was computed for ''") },
            { name: "stale health: another repository",
                obj: child({ source: hello }, { source: { ...hello, repoURL: "https://example.com/fork.git" } }, { status: "Healthy" }),
                expected: stale(`spec.source.repoURL is '${repoURL}' but health was computed for 'https://example.com/fork.git'`) },
            { name: "multi-source, fresh: spec.sources against comparedTo.sources, one by one",
                obj: child({ sources: [chart, { repoURL, targetRevision: "main", ref: "values" }] },
                    { source: { repoURL: "" }, sources: [chart, { repoURL, targetRevision: "main", ref: "values" }] }, { status: "Healthy" }),
                expected: healthy },
            { name: "multi-source, stale: the second source's revision moved",
                obj: child({ sources: [chart, { repoURL, targetRevision: "v2" }] }, { sources: [chart, { repoURL, targetRevision: "v1" }] },
                    { status: "Healthy" }),
                expected: stale("spec.sources[2].targetRevision is 'v2' but health was computed for 'v1'") },
            { name: "multi-source, stale: a source added, health computed for the single one before",
                obj: child({ sources: [hello, chart] }, { source: hello }, { status: "Healthy" }),
                expected: stale("spec.sources has 2 sources but health was computed for 0") },
        ];

        describe("under fengari (Lua 5.3)", () => {
            for (const { name, obj, expected } of cases) {
                it(name, () => assert.deepEqual(runHealthCheck(applicationHealthLua, obj), expected));
            }
        });

        describe("under Lua 5.1 (lua5.1, as gopher-lua in Argo CD)", () => {
            for (const { name, obj, expected } of cases) {
                it(name, function () {
                    if (lua51Missing) skipBecause(this, lua51Missing);
                    assert.deepEqual(runHealthCheck51(applicationHealthLua, obj), expected);
                });
            }

            it("fails on a script 5.1 cannot parse, so a 5.3-only construct in the check would not pass unseen", function () {
                if (lua51Missing) skipBecause(this, lua51Missing);
                // Integer division (//) is Lua 5.3; fengari runs it, Lua 5.1 refuses it.
                const script = "local hs = {}\nhs.status = tostring(7 // 2)\nhs.message = \"\"\nreturn hs";
                assert.deepEqual(runHealthCheck(script, {}), { status: "3", message: "" });
                assert.throws(() => runHealthCheck51(script, {}), /lua5\.1 exited 1: .*unexpected symbol/);
            });
        });

        it("passes objects to Lua 5.1 as tables, arrays as sequences from 1, strings escaped byte by byte", () => {
            assert.equal(luaLiteral({ a: [1, "x"], b: null, c: true }), '{["a"] = {1, "x"}, ["c"] = true}');
            assert.equal(luaLiteral('say "hi"\\\n“'), '"say \\"hi\\"\\\\\\10\\226\\128\\156"');
        });
    });
});
