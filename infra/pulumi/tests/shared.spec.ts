import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
    applicationHealthLua, argoCdChart, argoCdValues, assertKeyVaultName, clouds, githubSubject, inRepository, keyVaultUrl, namesFor,
} from "@trinity/infra-shared";
import { runHealthCheck } from "./lua";

describe("shared naming", () => {
    it("derives every name of (dev, aws) from trinity-dev-aws", () => {
        const names = namesFor("dev", "aws");
        assert.equal(names.cluster, "trinity-dev-aws");
        assert.equal(names.rootApplication, "trinity-dev-aws-root");
        assert.equal(names.rootsDirectory, "platform/argocd/roots/dev-aws");
        assert.equal(names.externalSecretsIdentity, "trinity-dev-aws-eso");
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

    it("keeps the longest env within the GCP service account id limit (30), for every identity", () => {
        for (const cloud of clouds) {
            const names = namesFor("abcdefgh", cloud);
            for (const id of [names.externalSecretsIdentity, names.deployIdentity, names.secretsIdentity]) {
                assert.ok(id.length <= 30, id);
            }
        }
    });

    it("names the GitHub environments <env>-<cloud> and secrets-<env>-<cloud>, and their exact OIDC subjects", () => {
        const names = namesFor("prod", "gcp");
        assert.equal(names.deployEnvironment, "prod-gcp");
        assert.equal(names.secretsEnvironment, "secrets-prod-gcp");
        assert.equal(githubSubject("acme/trinity", names.secretsEnvironment), "repo:acme/trinity:environment:secrets-prod-gcp");
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
