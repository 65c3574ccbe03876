import * as assert from "node:assert/strict";
import * as path from "node:path";
import { validatorRules } from "@trinity/infra-shared";
import { devConfig, envs, foundationFor, foundationStackName, repositoryRoot, stackFor, StackRun } from "./harness";
import { kubectlMissing, kustomize } from "./kustomize";
import { skipBecause } from "./skip";

const project = "trinity-platform-dev";
const zone = "europe-west1-b";

for (const env of envs) {
    describe(`gcp stack, env ${env}`, () => {
        const cluster = `trinity-${env}-gcp`;
        let run: StackRun;
        let foundation: StackRun;
        before(async () => {
            run = await stackFor("gcp", env);
            foundation = await foundationFor("gcp", env);
        });

        /** The ESO reader lives in the foundation, with its access to the secrets. */
        const gsa = () => foundation.ofType("gcp:serviceaccount/account:Account").find(a => a.inputs.accountId === `${cluster}-eso`)!;

        it(`names the GKE cluster ${cluster} and its node pool, and takes the ESO reader ${cluster}-eso from the foundation`, () => {
            assert.equal(run.single("gcp:container/cluster:Cluster").inputs.name, cluster);
            assert.equal(run.single("gcp:container/nodePool:NodePool").inputs.name, `${cluster}-nodes`);
            // Its only account is the nodes' own.
            assert.deepEqual(run.ofType("gcp:serviceaccount/account:Account").map(a => a.inputs.accountId), [`${cluster}-nodes`]);
            assert.equal(run.single("pulumi:pulumi:StackReference").inputs.name, foundationStackName("gcp", env));
            assert.equal(run.outputs.externalSecretsServiceAccountEmail, `${cluster}-eso@${project}.iam.gserviceaccount.com`);
        });

        it("runs exactly 2 nodes: default pool removed, one zonal pool of nodeCount 2 without autoscaling", () => {
            const gke = run.single("gcp:container/cluster:Cluster").inputs;
            assert.equal(gke.removeDefaultNodePool, true);
            const pool = run.single("gcp:container/nodePool:NodePool").inputs;
            assert.equal(pool.nodeCount, 2);
            assert.equal(pool.autoscaling, undefined);
            assert.equal(pool.nodeLocations, undefined);
            // nodeCount is per zone: a region here would mean 2 nodes in each of its zones.
            assert.equal(gke.location, zone);
            assert.match(pool.location, /^[a-z]+-[a-z]+\d+-[a-z]$/);
            assert.equal(pool.location, gke.location);
            assert.equal(pool.cluster, cluster);
        });

        it(`enables Workload Identity with pool ${project}.svc.id.goog and the GKE metadata server on nodes`, () => {
            assert.deepEqual(run.single("gcp:container/cluster:Cluster").inputs.workloadIdentityConfig,
                { workloadPool: `${project}.svc.id.goog` });
            assert.equal(run.single("gcp:container/nodePool:NodePool").inputs.nodeConfig.workloadMetadataConfig.mode, "GKE_METADATA");
        });

        it("enables no API itself: the foundation did, before any deploy", () => {
            assert.deepEqual(run.ofType("gcp:projects/service:Service"), []);
        });

        it("binds only external-secrets/external-secrets to the Google SA as workloadIdentityUser", () => {
            const binding = run.single("gcp:serviceaccount/iAMMember:IAMMember").inputs;
            assert.deepEqual(binding, {
                serviceAccountId: gsa().state.name,
                role: "roles/iam.workloadIdentityUser",
                member: `serviceAccount:${project}.svc.id.goog[external-secrets/external-secrets]`,
            });
        });

        it("binds ClusterRole trinity-validate, read-only, to the Kubernetes user named by the validate account's email", () => {
            const email = foundation.ofType("gcp:serviceaccount/account:Account").find(a => a.inputs.accountId === `${cluster}-validate`)!.state.email;
            assert.equal(email, `${cluster}-validate@${project}.iam.gserviceaccount.com`);
            const role = run.single("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").inputs;
            assert.equal(role.metadata.name, "trinity-validate");
            assert.deepEqual(role.rules, validatorRules);
            const binding = run.single("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").inputs;
            assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "trinity-validate" });
            assert.deepEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: email }]);
        });

        it("grants nothing on secrets: the foundation's prefix condition already covers them", () => {
            assert.deepEqual(run.resources.filter(r => /secretmanager/.test(r.type)).map(r => r.type), []);
        });

        it("makes no project-, folder- or organization-wide IAM grant but the node account's, and no authoritative binding", () => {
            const nodes = `serviceAccount:${cluster}-nodes@${project}.iam.gserviceaccount.com`;
            const wide = run.resources.filter(r =>
                /^gcp:(projects|folder|organizations)\/iAM/.test(r.type) || /IamBinding|IamPolicy|IAMBinding|IAMPolicy/.test(r.type));
            assert.deepEqual(wide.filter(r => !(r.type === "gcp:projects/iAMMember:IAMMember" && r.inputs.member === nodes)).map(r => r.type), []);
            assert.equal(wide.length, 5, "the node account's five roles");
        });

        it("annotates the ESO service account with the Google SA email", () => {
            const sa = run.single("kubernetes:core/v1:ServiceAccount");
            assert.deepEqual(sa.inputs.metadata.annotations, { "iam.gke.io/gcp-service-account": gsa().state.email });
        });

        it("builds a kubeconfig for the cluster endpoint that authenticates with gke-gcloud-auth-plugin", () => {
            const kubeconfig = JSON.parse(run.outputs.kubeconfig);
            const gke = run.single("gcp:container/cluster:Cluster").state;
            assert.equal(kubeconfig.clusters[0].cluster.server, `https://${gke.endpoint}`);
            assert.equal(kubeconfig.clusters[0].cluster["certificate-authority-data"], gke.masterAuth.clusterCaCertificate);
            assert.equal(kubeconfig.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        });

        it(`exports project ${project} and location ${zone} for the build`, () => {
            assert.equal(run.outputs.project, project);
            assert.equal(run.outputs.location, zone);
        });
    });
}

describe("gcp dev config", () => {
    it(`runs in project ${project}, zone ${zone}, as the ClusterSecretStore in Git says`, function () {
        const config = devConfig("gcp");
        assert.equal(config["gcp:project"], project);
        assert.equal(config["gcp:zone"], zone);
        assert.equal(config["gcp:region"], "europe-west1");
        if (kubectlMissing) skipBecause(this, kubectlMissing);
        const store = kustomize(path.join(repositoryRoot, "platform", "secrets-demo", "overlays", "dev-gcp"))
            .find(o => o.kind === "ClusterSecretStore");
        assert.equal(store?.spec.provider.gcpsm.projectID, project);
        assert.deepEqual(store?.spec.provider.gcpsm.auth.workloadIdentity, {
            clusterLocation: zone,
            clusterName: "trinity-dev-gcp",
            clusterProjectID: project,
            serviceAccountRef: { name: "external-secrets", namespace: "external-secrets" },
        });
    });
});
