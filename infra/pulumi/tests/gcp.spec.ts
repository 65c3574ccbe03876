import * as assert from "node:assert/strict";
import * as path from "node:path";
import { devConfig, envs, repositoryRoot, stackFor, StackRun } from "./harness";
import { kubectlMissing, kustomize } from "./kustomize";

const project = "trinity-platform-dev";
const zone = "europe-west1-b";

for (const env of envs) {
    describe(`gcp stack, env ${env}`, () => {
        const cluster = `trinity-${env}-gcp`;
        let run: StackRun;
        before(async () => { run = await stackFor("gcp", env); });

        const gsa = () => run.single("gcp:serviceaccount/account:Account");

        it(`names the GKE cluster ${cluster}, its node pool and Google service account from env and cloud`, () => {
            assert.equal(run.single("gcp:container/cluster:Cluster").inputs.name, cluster);
            assert.equal(run.single("gcp:container/nodePool:NodePool").inputs.name, `${cluster}-nodes`);
            assert.equal(gsa().inputs.accountId, `${cluster}-eso`);
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

        it("enables the required APIs, leaves them enabled on destroy, and creates the cluster after them", () => {
            const services = run.ofType("gcp:projects/service:Service");
            const enabled = services.map(s => s.inputs.service);
            for (const api of ["container.googleapis.com", "secretmanager.googleapis.com", "iam.googleapis.com",
                "iamcredentials.googleapis.com", "sts.googleapis.com", "compute.googleapis.com"]) {
                assert.ok(enabled.includes(api), `${api} enabled`);
            }
            for (const service of services) {
                assert.equal(service.inputs.disableOnDestroy, false, service.inputs.service);
                assert.equal(service.inputs.project, project);
            }
            const gke = run.single("gcp:container/cluster:Cluster");
            assert.ok(services.every(s => s.finished < gke.started));
        });

        it("binds only external-secrets/external-secrets to the Google SA as workloadIdentityUser", () => {
            const binding = run.single("gcp:serviceaccount/iAMMember:IAMMember").inputs;
            assert.deepEqual(binding, {
                serviceAccountId: gsa().state.name,
                role: "roles/iam.workloadIdentityUser",
                member: `serviceAccount:${project}.svc.id.goog[external-secrets/external-secrets]`,
            });
        });

        it("grants secretAccessor on each catalog secret by name, and nowhere else", () => {
            const members = run.ofType("gcp:secretmanager/secretIamMember:SecretIamMember").map(m => m.inputs);
            assert.deepEqual(members.map(m => m.secretId).sort(), [
                `${cluster}-grafana-cloud-remote-write-password`,
                `${cluster}-grafana-cloud-remote-write-url`,
                `${cluster}-grafana-cloud-remote-write-username`,
                `${cluster}-secrets-demo`,
            ]);
            for (const member of members) {
                assert.equal(member.role, "roles/secretmanager.secretAccessor");
                assert.equal(member.member, `serviceAccount:${gsa().state.email}`);
                assert.equal(member.project, project);
                assert.equal(member.condition, undefined);
            }
        });

        it("makes no project-, folder- or organization-wide IAM grant and no authoritative binding", () => {
            const wide = run.resources.filter(r =>
                /^gcp:(projects|folder|organizations)\/iAM/.test(r.type) || /IamBinding|IamPolicy|IAMBinding|IAMPolicy/.test(r.type));
            assert.deepEqual(wide.map(r => r.type), []);
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
        if (kubectlMissing) {
            this.skip(); // kubectl is not installed
        }
        const store = kustomize(path.join(repositoryRoot, "platform", "secrets-demo", "overlays", "gcp"))
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
