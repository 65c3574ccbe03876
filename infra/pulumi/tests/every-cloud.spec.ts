import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import {
    CloudName, cloudNames, devConfig, envs, infraRoot, referencesFor, repositoryRoot, runStack, stackFor, StackRun,
} from "./harness";
import { kubectlMissing, kustomize } from "./kustomize";
import { skipBecause } from "./skip";
import { runHealthCheck } from "./lua";

const applicationType = "kubernetes:argoproj.io/v1alpha1:Application";
const directoryType = "kubernetes:kustomize/v2:Directory";
const releaseType = "kubernetes:helm.sh/v3:Release";
const providerType = "pulumi:providers:kubernetes";
const nodesType: Record<string, string | undefined> = {
    aws: "aws:eks/nodeGroup:NodeGroup",
    gcp: "gcp:container/nodePool:NodePool",
    azure: undefined, // AKS creates its system pool with the cluster
};
const clusterType: Record<string, string> = {
    aws: "aws:eks/cluster:Cluster",
    gcp: "gcp:container/cluster:Cluster",
    azure: "azure-native:containerservice:ManagedCluster",
};

/** Types that hold a backend secret or its value; owned by SecretBackendsApply/Delete only. */
const backendSecretTypes = [
    "aws:secretsmanager/secret:Secret",
    "aws:secretsmanager/secretVersion:SecretVersion",
    "gcp:secretmanager/secret:Secret",
    "gcp:secretmanager/secretVersion:SecretVersion",
    "gcp:secretmanager/regionalSecret:RegionalSecret",
    "gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion",
    "azure-native:keyvault:Secret",
];

/** Outputs the build reads with `pulumi stack output --json`. */
const buildReads: Record<CloudName, string[]> = {
    aws: ["kubeconfig", "clusterName", "rootApplication", "region"],
    gcp: ["kubeconfig", "clusterName", "rootApplication", "project", "location"],
    azure: ["kubeconfig", "clusterName", "rootApplication", "keyVaultName", "keyVaultUrl", "resourceGroupName"],
};

for (const cloud of cloudNames) {
    describe(`${cloud} stack, common checks`, () => {
        for (const env of envs) {
            describe(`env ${env}`, () => {
                const cluster = `trinity-${env}-${cloud}`;
                let run: StackRun;
                before(async () => { run = await stackFor(cloud, env); });

                it(`exports clusterName ${cluster} and names the cluster so`, () => {
                    assert.equal(run.outputs.clusterName, cluster);
                    const resource = run.single(clusterType[cloud]);
                    assert.equal(resource.inputs.name ?? resource.inputs.resourceName, cluster);
                });

                it("registers no backend secret resource", () => {
                    const types = [...new Set(run.resources.map(r => r.type))];
                    assert.deepEqual(types.filter(t => backendSecretTypes.includes(t)), []);
                    assert.deepEqual(types.filter(t => /secret/i.test(t)), []);
                });

                it("installs Argo CD from argo-helm, chart argo-cd 10.1.1, release argocd in namespace argocd", () => {
                    const release = run.single(releaseType);
                    assert.equal(release.inputs.chart, "argo-cd");
                    assert.equal(release.inputs.version, "10.1.1");
                    assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://argoproj.github.io/argo-helm" });
                    assert.equal(release.inputs.name, "argocd");
                    assert.equal(release.inputs.namespace, "argocd");
                    assert.equal(release.inputs.createNamespace, true);
                });

                it("gives Argo CD a working Application health check in argocd-cm", () => {
                    const lua = run.single(releaseType).inputs.values?.configs?.cm?.["resource.customizations.health.argoproj.io_Application"];
                    assert.equal(typeof lua, "string", "argocd-cm has resource.customizations.health.argoproj.io_Application");
                    assert.match(lua, /obj\.status\.health\.status/);
                    assert.equal(runHealthCheck(lua, {}).status, "Progressing");
                    assert.equal(runHealthCheck(lua, { status: { health: { status: "Healthy" } } }).status, "Healthy");
                    assert.equal(runHealthCheck(lua, { status: { health: { status: "Degraded" } } }).status, "Degraded");
                });

                it("enables server-side diff in argocd-cmd-params-cm", () => {
                    const params = run.single(releaseType).inputs.values?.configs?.params;
                    assert.equal(params?.["controller.diff.server.side"], "true");
                });

                const rootsDirectory = path.join(repositoryRoot, "platform", "argocd", "roots", `${env}-${cloud}`);

                it(`applies the root Application ${cluster}-root from platform/argocd/roots/${env}-${cloud}, defined nowhere else`, () => {
                    const root = run.single(directoryType);
                    assert.equal(root.inputs.directory, rootsDirectory);
                    assert.deepEqual(run.ofType(applicationType), []);
                    assert.equal(run.outputs.rootApplication, `${cluster}-root`);
                });

                if (env === "dev") {
                    it(`finds platform/argocd/roots/dev-${cloud} in the repository`, () => {
                        assert.ok(existsSync(path.join(rootsDirectory, "kustomization.yaml")), `${rootsDirectory}/kustomization.yaml`);
                    });

                    it(`renders from Git one Application, named like the rootApplication output, for platform/argocd/overlays/dev-${cloud}`, function () {
                        if (kubectlMissing) skipBecause(this, kubectlMissing);
                        const rendered = kustomize(run.single(directoryType).inputs.directory);
                        assert.deepEqual(rendered.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
                            [`Application/argocd/${run.outputs.rootApplication}`]);
                        assert.equal(rendered[0].apiVersion, "argoproj.io/v1alpha1");
                        assert.equal(rendered[0].spec.source.path, `platform/argocd/overlays/dev-${cloud}`);
                    });
                }

                it("applies the root with the cluster's provider, only once the Argo CD release exists", () => {
                    const root = run.single(directoryType);
                    const release = run.single(releaseType);
                    assert.match(root.provider ?? "<default provider>", new RegExp(`::pulumi:providers:kubernetes::${cluster}-k8s::`));
                    assert.ok(root.started > release.finished,
                        `root requested at ${root.started}, release finished at ${release.finished}`);
                });

                it("applies the root only once the external-secrets ServiceAccount and its Namespace exist: ESO's wave runs as it", () => {
                    const root = run.single(directoryType);
                    const namespace = run.single("kubernetes:core/v1:Namespace");
                    const sa = run.single("kubernetes:core/v1:ServiceAccount");
                    assert.deepEqual([...root.dependsOn].sort(), [run.single(releaseType).name, namespace.name, sa.name].sort());
                    assert.ok(root.started > sa.finished && root.started > namespace.finished,
                        `root requested at ${root.started}, ServiceAccount finished at ${sa.finished}`);
                });

                it("sends every Kubernetes resource through the cluster's own provider", () => {
                    const provider = run.single(providerType);
                    assert.equal(provider.name, `${cluster}-k8s`);
                    const kubernetes = run.resources.filter(r => r.type.startsWith("kubernetes:"));
                    assert.ok(kubernetes.length >= 4);
                    for (const resource of kubernetes) {
                        assert.match(resource.provider ?? "<default provider>",
                            new RegExp(`::pulumi:providers:kubernetes::${cluster}-k8s::`), resource.name);
                    }
                });

                const nodes = nodesType[cloud];
                if (nodes) {
                    it("talks to Kubernetes only after the nodes exist", () => {
                        const provider = run.single(providerType);
                        assert.ok(provider.started > run.single(nodes).finished);
                    });
                }

                it("creates namespace external-secrets and service account external-secrets in it", () => {
                    const namespace = run.single("kubernetes:core/v1:Namespace");
                    assert.equal(namespace.inputs.metadata.name, "external-secrets");
                    const sa = run.single("kubernetes:core/v1:ServiceAccount");
                    assert.equal(sa.inputs.metadata.name, "external-secrets");
                    assert.equal(sa.inputs.metadata.namespace, "external-secrets");
                });

                it("exports kubeconfig as a secret that points at the cluster", () => {
                    assert.ok(run.secretOutputs.has("kubeconfig"), "kubeconfig is a secret output");
                    assert.deepEqual([...run.secretOutputs], ["kubeconfig"]);
                    const kubeconfig = yaml.load(run.outputs.kubeconfig) as any;
                    assert.equal(kubeconfig.kind, "Config");
                    assert.equal(kubeconfig["current-context"], cluster);
                    assert.match(kubeconfig.clusters[0].cluster.server, /^https:\/\//);
                    assert.ok(kubeconfig.clusters[0].cluster["certificate-authority-data"]);
                });
            });
        }

        describe("project files", () => {
            const dir = path.join(infraRoot, cloud);

            // A stack name is unique per project: three projects named alike would share one stack `<project>/dev`.
            it(`Pulumi.yaml names project trinity-${cloud} on the nodejs runtime`, () => {
                const project = yaml.load(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as any;
                assert.equal(project.name, `trinity-${cloud}`);
                assert.equal(project.runtime.name, "nodejs");
            });

            it("Pulumi.dev.yaml sets trinity:env dev and holds backend secret values only as secure: ciphertext", () => {
                const doc = yaml.load(readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
                assert.equal(doc.config["trinity:env"], "dev");
                for (const [key, value] of Object.entries(doc.config)) {
                    if (/secretsDemoValue|grafanaCloud/.test(key)) {
                        assert.equal(typeof (value as { secure?: unknown })?.secure, "string", `${key} is committed as ciphertext`);
                    }
                }
            });

            // node runs a module once, so index.ts runs once for all the tests that look at it.
            let index: Promise<StackRun> | undefined;
            const fromIndex = async () => (index ??= runStack(cloud, devConfig(cloud), () => require(`../${cloud}/index`),
                await referencesFor(cloud, "dev")));

            it("index.ts exports every output of the program", async () => {
                const exported = await fromIndex();
                const fromProgram = await stackFor(cloud, "dev");
                assert.deepEqual(Object.keys(exported.outputs).sort(), Object.keys(fromProgram.outputs).sort());
                assert.ok(exported.secretOutputs.has("kubeconfig"));
            });

            it(`index.ts exports what the build reads: ${buildReads[cloud].join(", ")}`, async () => {
                const { outputs } = await fromIndex();
                for (const name of buildReads[cloud]) {
                    assert.equal(typeof outputs[name], "string", `output ${name}`);
                    assert.notEqual(outputs[name], "", `output ${name}`);
                }
            });

            it("fails without trinity:env", async () => {
                const { "trinity:env": _, ...config } = devConfig(cloud);
                const program = require(`../${cloud}/program`);
                const main = Object.values(program).find(v => typeof v === "function") as () => Record<string, unknown>;
                await assert.rejects(runStack(cloud, config, main), /Missing required configuration variable 'trinity:env'/);
            });
        });
    });
}
