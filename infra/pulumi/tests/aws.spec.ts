import * as assert from "node:assert/strict";
import * as path from "node:path";
import { validatorRules } from "@trinity/infra-shared";
import { awsAccountId } from "./fakes";
import { devConfig, envs, foundationStackName, referencesFor, repositoryRoot, runStack, stackFor, StackRun } from "./harness";
import { kubectlMissing, kustomize } from "./kustomize";
import { skipBecause } from "./skip";

const subject = "system:serviceaccount:external-secrets:external-secrets";
const region = "us-east-1";

interface Statement { Effect: string; Action?: string | string[]; NotAction?: unknown; Resource?: string | string[]; NotResource?: unknown; Principal?: any; Condition?: any }
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statements = (document: string): Statement[] => {
    const parsed = JSON.parse(document);
    return Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
};

/** Every IAM policy document the stack writes: trust policies, inline and managed policies. */
function policyDocuments(run: StackRun): { owner: string; statements: Statement[] }[] {
    return [
        ...run.ofType("aws:iam/role:Role").map(r => ({ owner: r.name, statements: statements(r.inputs.assumeRolePolicy) })),
        ...run.ofType("aws:iam/rolePolicy:RolePolicy").map(r => ({ owner: r.name, statements: statements(r.inputs.policy) })),
        ...run.ofType("aws:iam/policy:Policy").map(r => ({ owner: r.name, statements: statements(r.inputs.policy) })),
    ];
}

for (const env of envs) {
    describe(`aws stack, env ${env}`, () => {
        const cluster = `trinity-${env}-aws`;
        let run: StackRun;
        before(async () => { run = await stackFor("aws", env); });

        const esoRole = () => run.ofType("aws:iam/role:Role").find(r => r.inputs.name === `${cluster}-eso`)!;

        it(`names the EKS cluster ${cluster}, its node group, roles and VPC from env and cloud`, () => {
            assert.equal(run.single("aws:eks/cluster:Cluster").inputs.name, cluster);
            assert.equal(run.single("aws:eks/nodeGroup:NodeGroup").inputs.nodeGroupName, `${cluster}-nodes`);
            assert.deepEqual(run.ofType("aws:iam/role:Role").map(r => r.inputs.name).sort(),
                [`${cluster}-cluster`, `${cluster}-eso`, `${cluster}-node`]);
            assert.equal(run.single("aws:ec2/vpc:Vpc").inputs.tags.Name, cluster);
        });

        it("spreads two subnets over two availability zones, tagged for the cluster", () => {
            const subnets = run.ofType("aws:ec2/subnet:Subnet");
            assert.equal(subnets.length, 2);
            assert.deepEqual(subnets.map(s => s.inputs.availabilityZone).sort(), [`${region}a`, `${region}b`]);
            for (const subnet of subnets) {
                assert.equal(subnet.inputs.tags[`kubernetes.io/cluster/${cluster}`], "shared");
            }
            assert.deepEqual(run.single("aws:eks/cluster:Cluster").inputs.vpcConfig.subnetIds.sort(), subnets.map(s => s.id).sort());
        });

        it("registers the cluster's OIDC issuer as an IAM OIDC provider for sts.amazonaws.com", () => {
            const issuer = run.single("aws:eks/cluster:Cluster").state.identities[0].oidcs[0].issuer;
            const provider = run.single("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.equal(provider.inputs.url, issuer);
            assert.deepEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
            assert.equal(run.outputs.oidcProviderArn, provider.state.arn);
        });

        it(`lets only ${subject} with audience sts.amazonaws.com assume the ESO role`, () => {
            const issuerHost = run.single("aws:eks/cluster:Cluster").state.identities[0].oidcs[0].issuer.replace("https://", "");
            const providerArn = run.single("aws:iam/openIdConnectProvider:OpenIdConnectProvider").state.arn;
            assert.deepEqual(statements(esoRole().inputs.assumeRolePolicy), [{
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuerHost}:sub`]: subject,
                        [`${issuerHost}:aud`]: "sts.amazonaws.com",
                    },
                },
            }]);
            assert.equal(run.outputs.externalSecretsRoleArn, esoRole().state.arn);
        });

        it("lets the ESO role read exactly the catalog secrets: GetSecretValue and DescribeSecret, nothing else", () => {
            const policies = run.ofType("aws:iam/rolePolicy:RolePolicy");
            assert.equal(policies.length, 1);
            assert.equal(policies[0].inputs.role, esoRole().id);
            assert.deepEqual(run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(a => a.inputs.role === esoRole().id), []);
            const [statement, ...others] = statements(policies[0].inputs.policy);
            assert.deepEqual(others, []);
            assert.equal(statement.Effect, "Allow");
            assert.deepEqual(list(statement.Action).sort(), ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
            const arn = (name: string) => `arn:aws:secretsmanager:${region}:${awsAccountId}:secret:${name}-??????`;
            assert.deepEqual(list(statement.Resource).sort(), [
                arn(`${cluster}-grafana-cloud-remote-write-password`),
                arn(`${cluster}-grafana-cloud-remote-write-url`),
                arn(`${cluster}-grafana-cloud-remote-write-username`),
                arn(`${cluster}-secrets-demo`),
            ]);
        });

        it("writes no wildcard action, resource or principal into any IAM policy", () => {
            const documents = policyDocuments(run);
            assert.equal(documents.length, 4);
            for (const { owner, statements: all } of documents) {
                for (const statement of all) {
                    assert.equal(statement.NotAction, undefined, owner);
                    assert.equal(statement.NotResource, undefined, owner);
                    for (const action of list(statement.Action)) {
                        assert.doesNotMatch(action, /\*/, `${owner}: action ${action}`);
                    }
                    for (const resource of list(statement.Resource)) {
                        assert.doesNotMatch(resource, /\*/, `${owner}: resource ${resource}`);
                    }
                    assert.notEqual(statement.Principal, "*", owner);
                    for (const principal of Object.values(statement.Principal ?? {}).flat() as string[]) {
                        assert.notEqual(principal, "*", owner);
                    }
                }
            }
        });

        it("annotates the ESO service account with the role ARN", () => {
            const sa = run.single("kubernetes:core/v1:ServiceAccount");
            assert.deepEqual(sa.inputs.metadata.annotations, { "eks.amazonaws.com/role-arn": esoRole().state.arn });
        });

        it("builds a kubeconfig that gets its token from aws eks get-token for this cluster", () => {
            const kubeconfig = JSON.parse(run.outputs.kubeconfig);
            const eks = run.single("aws:eks/cluster:Cluster").state;
            assert.equal(kubeconfig.clusters[0].cluster.server, eks.endpoint);
            assert.equal(kubeconfig.clusters[0].cluster["certificate-authority-data"], eks.certificateAuthority.data);
            assert.deepEqual(kubeconfig.users[0].user.exec.args,
                ["eks", "get-token", "--cluster-name", cluster, "--region", region, "--output", "json"]);
        });

        it("makes the foundation's deploy role cluster admin through an access entry, before Kubernetes is used", () => {
            assert.equal(run.single("pulumi:pulumi:StackReference").inputs.name, foundationStackName("aws", env));
            assert.deepEqual(run.single("aws:eks/cluster:Cluster").inputs.accessConfig,
                { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
            const entry = run.ofType("aws:eks/accessEntry:AccessEntry").find(e => e.name === `${cluster}-access-deploy`)!;
            assert.equal(entry.inputs.principalArn, `arn:aws:iam::${awsAccountId}:role/${cluster}-deploy`);
            assert.equal(entry.inputs.clusterName, cluster);
            const association = run.single("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
            assert.deepEqual(association.inputs, {
                clusterName: cluster,
                principalArn: entry.inputs.principalArn,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                accessScope: { type: "cluster" },
            });
            assert.ok(run.single("pulumi:providers:kubernetes").started > association.finished);
        });

        it("puts the foundation's validate role in Kubernetes group trinity-validate, with no access policy", () => {
            const validateArn = `arn:aws:iam::${awsAccountId}:role/${cluster}-validate`;
            const entries = run.ofType("aws:eks/accessEntry:AccessEntry").filter(e => e.inputs.principalArn === validateArn);
            assert.deepEqual(entries.map(e => [e.name, e.inputs.clusterName, e.inputs.type, e.inputs.kubernetesGroups]),
                [[`${cluster}-access-validate`, cluster, "STANDARD", ["trinity-validate"]]]);
            assert.deepEqual(run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
                .filter(a => a.inputs.principalArn === validateArn), []);
            assert.ok(run.ofType("aws:eks/accessEntry:AccessEntry").every(e => e.inputs.principalArn === validateArn || !e.inputs.kubernetesGroups),
                "the admin entries keep their access policy and no group");
        });

        it("binds ClusterRole trinity-validate, read-only, to group trinity-validate", () => {
            const role = run.single("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").inputs;
            assert.equal(role.metadata.name, "trinity-validate");
            assert.deepEqual(role.rules, validatorRules);
            const binding = run.single("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").inputs;
            assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "trinity-validate" });
            assert.deepEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "trinity-validate" }]);
        });

        it(`exports the region ${region} for the build`, () => {
            assert.equal(run.outputs.region, region);
        });
    });
}

describe("aws cluster admins", () => {
    it("adds an access entry with the admin policy for each role in trinity:clusterAdmins", async () => {
        const admin = `arn:aws:iam::${awsAccountId}:role/platform-admins`;
        const run = await runStack("aws", { ...devConfig("aws"), "trinity:clusterAdmins": JSON.stringify([admin]) },
            require("../aws/program").trinityAws, await referencesFor("aws", "dev"));
        assert.deepEqual(run.ofType("aws:eks/accessEntry:AccessEntry").map(e => e.inputs.principalArn).sort(),
            [admin, `arn:aws:iam::${awsAccountId}:role/trinity-dev-aws-deploy`, `arn:aws:iam::${awsAccountId}:role/trinity-dev-aws-validate`].sort());
        assert.equal(run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").length, 2);
    });

});

describe("aws dev config", () => {
    it(`runs in ${region}, the region of the ClusterSecretStore in Git`, function () {
        assert.equal(devConfig("aws")["aws:region"], region);
        if (kubectlMissing) skipBecause(this, kubectlMissing);
        const store = kustomize(path.join(repositoryRoot, "platform", "secrets-demo", "overlays", "dev-aws"))
            .find(o => o.kind === "ClusterSecretStore");
        assert.equal(store?.spec.provider.aws.region, region);
    });
});
