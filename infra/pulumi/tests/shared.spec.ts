import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
    applicationHealthLua, argoCdChart, argoCdValues, assertKeyVaultName, Cloud, clouds, githubSubject, inRepository, keyVaultUrl, namesFor,
    validateClusterRole, validateKubernetesGroup, validatorRules,
} from "@trinity/infra-shared";
import { runHealthCheck } from "./lua";

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
        const check = (obj: unknown) => runHealthCheck(applicationHealthLua, obj);

        it("is Progressing while the child has no status", () => {
            assert.deepEqual(check({ metadata: { name: "hello" } }), { status: "Progressing", message: "" });
        });
        it("is Progressing while the child has a status but no health", () => {
            assert.deepEqual(check({ status: { sync: { status: "Synced" } } }), { status: "Progressing", message: "" });
            assert.deepEqual(check({ status: { health: {} } }), { status: "Progressing", message: "" });
        });
        it("returns the child's own health and message", () => {
            assert.deepEqual(check({ status: { health: { status: "Healthy" } } }), { status: "Healthy", message: "" });
            assert.deepEqual(
                check({ status: { health: { status: "Degraded", message: "Deployment hello exceeded its progress deadline" } } }),
                { status: "Degraded", message: "Deployment hello exceeded its progress deadline" });
        });
    });
});
