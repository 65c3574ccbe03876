// Cluster hardening (README, "Cluster hardening"): the environment's Kubernetes minor on every cluster, the API
// endpoints limited to trinity:apiAuthorizedCidrs, GKE nodes on a least-privilege account, typed role assignments.
import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { gkeNodeRoles } from "@trinity/infra-shared";
import {
    CloudName, cloudNames, declarationsFolder, devConfig, devDeclaration, envs, foundationFor, referencesFor, runStack, stackFor, StackRun,
} from "./harness";

const programs: Record<CloudName, () => () => Record<string, any>> = {
    aws: () => require("../aws/program").trinityAws,
    gcp: () => require("../gcp/program").trinityGcp,
    azure: () => require("../azure/program").trinityAzure,
};

/** The cloud's program for env dev with extra stack config. */
async function withConfig(cloud: CloudName, extra: Record<string, string>): Promise<StackRun> {
    return runStack(cloud, { ...devConfig(cloud), ...extra }, programs[cloud](), await referencesFor(cloud, "dev"));
}

/** Where each cloud's cluster resource carries the Kubernetes version, as the provider takes it. */
const versionsOf: Record<CloudName, (run: StackRun) => unknown[]> = {
    aws: run => [run.single("aws:eks/cluster:Cluster").inputs.version, run.single("aws:eks/nodeGroup:NodeGroup").inputs.version],
    gcp: run => [run.single("gcp:container/cluster:Cluster").inputs.minMasterVersion],
    azure: run => {
        const aks = run.single("azure-native:containerservice:ManagedCluster").inputs;
        return [aks.kubernetesVersion, ...aks.agentPoolProfiles.map((p: any) => p.orchestratorVersion)];
    },
};

/** The API endpoint's allowed CIDRs as each cloud's resource says them; undefined where nothing restricts it. */
const cidrsOf: Record<CloudName, (run: StackRun) => unknown> = {
    aws: run => run.single("aws:eks/cluster:Cluster").inputs.vpcConfig.publicAccessCidrs,
    gcp: run => run.single("gcp:container/cluster:Cluster").inputs.masterAuthorizedNetworksConfig?.cidrBlocks?.map((b: any) => b.cidrBlock),
    azure: run => run.single("azure-native:containerservice:ManagedCluster").inputs.apiServerAccessProfile?.authorizedIPRanges,
};

const declared = (yaml.load(readFileSync(devDeclaration, "utf8")) as { kubernetes: string }).kubernetes;

describe("Kubernetes version per environment", () => {
    it(`is declared once for dev, quoted, as a minor (platform/environments/dev.yaml: ${declared})`, () => {
        assert.match(declared, /^1\.\d+$/);
        assert.match(readFileSync(devDeclaration, "utf8"), new RegExp(`^kubernetes: "${declared.replace(".", "\\.")}"$`, "m"));
    });

    for (const cloud of cloudNames) {
        for (const env of envs) {
            it(`reaches every ${cloud} cluster resource of ${env}`, async () => {
                const versions = versionsOf[cloud](await stackFor(cloud, env));
                assert.ok(versions.length >= 1);
                assert.deepEqual(versions, versions.map(() => declared));
            });
        }

        it(`${cloud}: a declaration without a quoted minor stops the program, naming the file`, async () => {
            const file = path.join(declarationsFolder, "qa.yaml");
            writeFileSync(file, "revision: main\nclouds: [aws, gcp, azure]\nkubernetes: 1.30\n");
            await assert.rejects(runStack(cloud, { ...devConfig(cloud), "trinity:env": "qa" }, programs[cloud](), await referencesFor(cloud, "dev")),
                /platform\/environments\/qa\.yaml: kubernetes must be a quoted minor such as "1\.33"; got 1\.3/);
            await assert.rejects(runStack(cloud, { ...devConfig(cloud), "trinity:env": "nodecl" }, programs[cloud](), await referencesFor(cloud, "dev")),
                /platform\/environments\/nodecl\.yaml does not read .*declare the environment with AddEnvironment/);
        });
    }
});

describe("API endpoint access", () => {
    const cidrs = ["203.0.113.0/24", "198.51.100.7/32"];

    it("aws: publicAccessCidrs is every address by default (EKS's own default), else exactly trinity:apiAuthorizedCidrs", async () => {
        assert.deepEqual(cidrsOf.aws(await stackFor("aws", "dev")), ["0.0.0.0/0"]);
        assert.deepEqual(cidrsOf.aws(await withConfig("aws", { "trinity:apiAuthorizedCidrs": JSON.stringify(cidrs) })), cidrs);
    });

    it("gcp: no authorized networks by default, else masterAuthorizedNetworksConfig with exactly trinity:apiAuthorizedCidrs", async () => {
        assert.equal(cidrsOf.gcp(await stackFor("gcp", "dev")), undefined);
        const run = await withConfig("gcp", { "trinity:apiAuthorizedCidrs": JSON.stringify(cidrs) });
        assert.deepEqual(cidrsOf.gcp(run), cidrs);
    });

    it("azure: no authorizedIPRanges by default, else apiServerAccessProfile with exactly trinity:apiAuthorizedCidrs", async () => {
        assert.equal(cidrsOf.azure(await stackFor("azure", "dev")), undefined);
        assert.deepEqual(cidrsOf.azure(await withConfig("azure", { "trinity:apiAuthorizedCidrs": JSON.stringify(cidrs) })), cidrs);
    });

    for (const cloud of cloudNames) {
        it(`${cloud}: refuses an empty list or a value that is not an IPv4 CIDR, saying what is allowed`, async () => {
            for (const bad of ["[]", '["10.0.0.0"]', '["10.0.0.0/33"]', '"203.0.113.0/24"']) {
                await assert.rejects(withConfig(cloud, { "trinity:apiAuthorizedCidrs": bad }),
                    /trinity:apiAuthorizedCidrs must be a non-empty list of IPv4 CIDRs such as \["203\.0\.113\.0\/24"\] \(leave it unset/, bad);
            }
        });
    }
});

for (const env of envs) {
    describe(`GKE node service account, env ${env}`, () => {
        const cluster = `trinity-${env}-gcp`;
        const project = "trinity-platform-dev";
        const email = `${cluster}-nodes@${project}.iam.gserviceaccount.com`;
        let run: StackRun;
        before(async () => { run = await stackFor("gcp", env); });

        it(`runs the node pool as ${cluster}-nodes, not the default compute account`, () => {
            const account = run.single("gcp:serviceaccount/account:Account");
            assert.equal(account.inputs.accountId, `${cluster}-nodes`);
            assert.equal(account.inputs.project, project);
            const nodeConfig = run.single("gcp:container/nodePool:NodePool").inputs.nodeConfig;
            assert.equal(nodeConfig.serviceAccount, account.state.email);
            assert.equal(nodeConfig.serviceAccount, email);
            assert.doesNotMatch(nodeConfig.serviceAccount, /-compute@developer\.gserviceaccount\.com$/);
        });

        it("grants that account exactly the hardening guide's five roles, before the nodes start", () => {
            const grants = run.ofType("gcp:projects/iAMMember:IAMMember").filter(g => g.inputs.member === `serviceAccount:${email}`);
            assert.deepEqual(grants.map(g => g.inputs.role).sort(), [
                "roles/artifactregistry.reader", "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer",
                "roles/stackdriver.resourceMetadata.writer",
            ]);
            assert.ok(grants.every(g => g.inputs.project === project && g.inputs.condition === undefined));
            const pool = run.single("gcp:container/nodePool:NodePool");
            assert.deepEqual([...pool.dependsOn].sort(), grants.map(g => g.name).sort());
        });

        it("lets the foundation's deploy account create it and grant exactly those roles, nothing wider", async () => {
            const foundation = await foundationFor("gcp", env);
            const deploy = `serviceAccount:${cluster}-deploy@${project}.iam.gserviceaccount.com`;
            const grants = foundation.ofType("gcp:projects/iAMMember:IAMMember").filter(g => g.inputs.member === deploy).map(g => g.inputs);
            // serviceAccountAdmin creates the account; serviceAccountUser lets the node pool run as it.
            assert.ok(grants.some(g => g.role === "roles/iam.serviceAccountAdmin" && !g.condition));
            assert.ok(grants.some(g => g.role === "roles/iam.serviceAccountUser" && !g.condition));
            const iamAdmin = grants.filter(g => g.role === "roles/resourcemanager.projectIamAdmin");
            assert.equal(iamAdmin.length, 1);
            assert.equal(iamAdmin[0].condition?.expression,
                `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${gkeNodeRoles.map(r => `'${r}'`).join(", ")}])`);
            assert.deepEqual(grants.filter(g => /owner|editor|securityAdmin/.test(g.role)), []);
        });
    });
}

describe("Azure role assignments of the deploy identity", () => {
    for (const env of envs) {
        it(`${env}: every one names principalType ServicePrincipal, so Azure need not look a fresh identity up`, async () => {
            const foundation = await foundationFor("azure", env);
            const deploy = foundation.ofType("azure-native:managedidentity:UserAssignedIdentity")
                .find(i => i.inputs.resourceName === `trinity-${env}-azure-deploy`)!.state.principalId;
            const assignments = foundation.ofType("azure-native:authorization:RoleAssignment").filter(a => a.inputs.principalId === deploy);
            assert.equal(assignments.length, 2, "Contributor on the subscription, RBAC administrator on the vault");
            assert.deepEqual(assignments.map(a => a.inputs.principalType), ["ServicePrincipal", "ServicePrincipal"]);
        });
    }
});
