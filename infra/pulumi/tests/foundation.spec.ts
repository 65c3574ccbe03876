import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { awsAccountId, azureDeployerObjectId, azureSubscriptionId, gcpProjectNumber } from "./fakes";
import {
    CloudName, cloudNames, devConfig, envs, foundationConfig, foundationFor, infraRoot, runStack, StackRun,
} from "./harness";

const repository = "trinity-platform/trinity-delivery";
const issuer = "https://token.actions.githubusercontent.com";
const backendValueKeys = /secretsDemoValue|grafanaCloud/;

for (const env of envs) {
    const deployEnvironment = (cloud: CloudName) => `${env}-${cloud}`;
    const secretsEnvironment = (cloud: CloudName) => `secrets-${env}-${cloud}`;
    const validateEnvironment = (cloud: CloudName) => `validate-${env}-${cloud}`;
    const subject = (environment: string) => `repo:${repository}:environment:${environment}`;

    describe(`aws foundation, env ${env}`, () => {
        const cluster = `trinity-${env}-aws`;
        let run: StackRun;
        before(async () => { run = await foundationFor("aws", env); });
        const role = (name: string) => run.ofType("aws:iam/role:Role").find(r => r.inputs.name === name)!;
        const trust = (name: string) => JSON.parse(role(name).inputs.assumeRolePolicy).Statement;

        it("registers GitHub's OIDC issuer for audience sts.amazonaws.com", () => {
            const provider = run.single("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.equal(provider.inputs.url, issuer);
            assert.deepEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
            assert.equal(run.outputs.githubOidcProviderArn, provider.state.arn);
        });

        for (const [name, environment] of [[`${cluster}-deploy`, deployEnvironment("aws")], [`${cluster}-secrets`, secretsEnvironment("aws")],
            [`${cluster}-validate`, validateEnvironment("aws")]]) {
            it(`trusts ${name} only for the exact subject of GitHub environment ${environment}`, () => {
                const statements = trust(name);
                assert.equal(statements.length, 1);
                assert.equal(statements[0].Action, "sts:AssumeRoleWithWebIdentity");
                assert.equal(statements[0].Principal.Federated, run.single("aws:iam/openIdConnectProvider:OpenIdConnectProvider").state.arn);
                assert.deepEqual(statements[0].Condition, {
                    StringEquals: {
                        "token.actions.githubusercontent.com:sub": subject(environment),
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    },
                });
            });
        }

        it("lets deploy sessions last two hours, longer than a deploy job", () => {
            assert.equal(role(`${cluster}-deploy`).inputs.maxSessionDuration, 7200);
        });

        it(`limits the secrets role to secrets named ${cluster}-*, ListSecrets aside`, () => {
            const policy = JSON.parse(run.ofType("aws:iam/rolePolicy:RolePolicy").find(p => p.inputs.name === `${cluster}-secrets-write`)!.inputs.policy);
            const scoped = policy.Statement.find((s: any) => s.Sid === "BackendSecrets");
            assert.equal(scoped.Resource, `arn:aws:secretsmanager:us-east-1:${awsAccountId}:secret:${cluster}-*`);
            assert.ok(scoped.Action.every((a: string) => a.startsWith("secretsmanager:") && !a.includes("*")));
            const wide = policy.Statement.filter((s: any) => s.Resource === "*");
            assert.deepEqual(wide.map((s: any) => s.Action), ["secretsmanager:ListSecrets"]);
        });

        it(`lets the validate role do nothing but eks:DescribeCluster on ${cluster}, with the default session length`, () => {
            const validate = role(`${cluster}-validate`);
            assert.equal(validate.inputs.maxSessionDuration, undefined);
            assert.deepEqual(run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(a => a.inputs.role === validate.state.name), []);
            const policies = run.ofType("aws:iam/rolePolicy:RolePolicy").filter(p => p.inputs.role === validate.id);
            assert.deepEqual(policies.map(p => p.inputs.name), [`${cluster}-validate-describe`]);
            assert.deepEqual(JSON.parse(policies[0].inputs.policy).Statement, [{
                Sid: "DescribeCluster",
                Effect: "Allow",
                Action: "eks:DescribeCluster",
                Resource: `arn:aws:eks:us-east-1:${awsAccountId}:cluster/${cluster}`,
            }]);
        });

        it(`limits the deploy role's IAM rights to roles named ${cluster}-*`, () => {
            const policy = JSON.parse(run.ofType("aws:iam/rolePolicy:RolePolicy").find(p => p.inputs.name === `${cluster}-deploy-iam`)!.inputs.policy);
            const roles = policy.Statement.find((s: any) => s.Sid === "ClusterRoles");
            assert.equal(roles.Resource, `arn:aws:iam::${awsAccountId}:role/${cluster}-*`);
            assert.ok(!policy.Statement.some((s: any) => [s.Action].flat().some((a: string) => a === "iam:*" || a === "*")));
        });

        it("exports the role ARNs the workflows sign in with", () => {
            assert.equal(run.outputs.deployRoleArn, `arn:aws:iam::${awsAccountId}:role/${cluster}-deploy`);
            assert.equal(run.outputs.secretsRoleArn, `arn:aws:iam::${awsAccountId}:role/${cluster}-secrets`);
            assert.equal(run.outputs.validateRoleArn, `arn:aws:iam::${awsAccountId}:role/${cluster}-validate`);
            assert.equal(run.outputs.deployEnvironment, deployEnvironment("aws"));
            assert.equal(run.outputs.secretsEnvironment, secretsEnvironment("aws"));
            assert.equal(run.outputs.validateEnvironment, validateEnvironment("aws"));
        });
    });

    describe(`gcp foundation, env ${env}`, () => {
        const cluster = `trinity-${env}-gcp`;
        const project = "trinity-platform-dev";
        let run: StackRun;
        before(async () => { run = await foundationFor("gcp", env); });
        const account = (id: string) => run.ofType("gcp:serviceaccount/account:Account").find(a => a.inputs.accountId === id)!;

        it("enables every API the leg needs, Secret Manager included, and keeps them on destroy", () => {
            const services = run.ofType("gcp:projects/service:Service");
            assert.deepEqual(services.map(s => s.inputs.service).sort(), [
                "cloudresourcemanager.googleapis.com", "compute.googleapis.com", "container.googleapis.com", "iam.googleapis.com",
                "iamcredentials.googleapis.com", "secretmanager.googleapis.com", "serviceusage.googleapis.com", "sts.googleapis.com",
            ]);
            for (const service of services) {
                assert.equal(service.inputs.disableOnDestroy, false);
                assert.equal(service.inputs.project, project);
            }
            const pool = run.single("gcp:iam/workloadIdentityPool:WorkloadIdentityPool");
            assert.ok(services.every(s => s.finished < pool.started), "the pool waits for the APIs");
        });

        it(`pins the GitHub provider to ${repository} with an attribute condition`, () => {
            const provider = run.single("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider").inputs;
            assert.equal(provider.attributeCondition, `assertion.repository == '${repository}'`);
            assert.equal(provider.attributeMapping["google.subject"], "assertion.sub");
            assert.equal(provider.attributeMapping["attribute.repository"], "assertion.repository");
            assert.deepEqual(provider.oidc, { issuerUri: issuer });
            assert.equal(run.single("gcp:iam/workloadIdentityPool:WorkloadIdentityPool").inputs.workloadIdentityPoolId, `${cluster}-github`);
        });

        it("lets each service account be impersonated only from its own GitHub environment", () => {
            const pool = `projects/${gcpProjectNumber}/locations/global/workloadIdentityPools/${cluster}-github`;
            const bindings = run.ofType("gcp:serviceaccount/iAMMember:IAMMember").map(b => b.inputs);
            assert.deepEqual(bindings.map(b => [b.serviceAccountId, b.role, b.member]).sort(), [
                [account(`${cluster}-deploy`).state.name, "roles/iam.workloadIdentityUser",
                    `principal://iam.googleapis.com/${pool}/subject/${subject(deployEnvironment("gcp"))}`],
                [account(`${cluster}-secrets`).state.name, "roles/iam.workloadIdentityUser",
                    `principal://iam.googleapis.com/${pool}/subject/${subject(secretsEnvironment("gcp"))}`],
                [account(`${cluster}-validate`).state.name, "roles/iam.workloadIdentityUser",
                    `principal://iam.googleapis.com/${pool}/subject/${subject(validateEnvironment("gcp"))}`],
            ].sort());
        });

        it("gives the deploy account what GKE, its service accounts and the Service Usage API need; Secret Manager admin to secrets", () => {
            const grants = run.ofType("gcp:projects/iAMMember:IAMMember").map(g => g.inputs);
            const of = (email: string) => grants.filter(g => g.member === `serviceAccount:${email}`).map(g => g.role).sort();
            assert.deepEqual(of(account(`${cluster}-deploy`).state.email), [
                "roles/compute.networkViewer", "roles/container.admin", "roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountUser",
                // Conditioned on the GKE node roles (hardening.spec.ts).
                "roles/resourcemanager.projectIamAdmin",
                "roles/secretmanager.viewer", "roles/serviceusage.serviceUsageAdmin",
            ]);
            assert.deepEqual(of(account(`${cluster}-secrets`).state.email), ["roles/secretmanager.admin"]);
        });

        it("gives the validate account roles/container.clusterViewer only: GKE credentials, no Kubernetes object", () => {
            const email = account(`${cluster}-validate`).state.email;
            const grants = run.resources.filter(r => /iAMMember|IAMBinding|IAMPolicy/i.test(r.type) && r.inputs.member === `serviceAccount:${email}`);
            assert.deepEqual(grants.map(g => [g.type, g.inputs.project, g.inputs.role, g.inputs.condition]),
                [["gcp:projects/iAMMember:IAMMember", project, "roles/container.clusterViewer", undefined]]);
            assert.equal(account(`${cluster}-validate`).inputs.project, project);
        });

        it(`lets the ESO reader access only secrets named ${cluster}-*, whether or not they exist yet`, () => {
            const grant = run.ofType("gcp:projects/iAMMember:IAMMember").find(g => g.inputs.member === `serviceAccount:${account(`${cluster}-eso`).state.email}`)!;
            assert.equal(grant.inputs.role, "roles/secretmanager.secretAccessor");
            assert.equal(grant.inputs.condition.expression, `resource.name.startsWith("projects/${gcpProjectNumber}/secrets/${cluster}-")`);
            assert.deepEqual(run.ofType("gcp:secretmanager/secret:Secret"), []);
        });

        it("exports the provider's resource name and the service account emails", () => {
            assert.equal(run.outputs.workloadIdentityProvider,
                `projects/${gcpProjectNumber}/locations/global/workloadIdentityPools/${cluster}-github/providers/github`);
            assert.equal(run.outputs.deployServiceAccountEmail, `${cluster}-deploy@${project}.iam.gserviceaccount.com`);
            assert.equal(run.outputs.secretsServiceAccountEmail, `${cluster}-secrets@${project}.iam.gserviceaccount.com`);
            assert.equal(run.outputs.validateServiceAccountEmail, `${cluster}-validate@${project}.iam.gserviceaccount.com`);
            assert.equal(run.outputs.validateEnvironment, validateEnvironment("gcp"));
            assert.equal(run.outputs.externalSecretsServiceAccountEmail, `${cluster}-eso@${project}.iam.gserviceaccount.com`);
        });
    });

    describe(`azure foundation, env ${env}`, () => {
        const cluster = `trinity-${env}-azure`;
        let run: StackRun;
        before(async () => { run = await foundationFor("azure", env); });
        const roleId = (guid: string) => `/subscriptions/${azureSubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
        const identity = (name: string) => run.ofType("azure-native:managedidentity:UserAssignedIdentity").find(i => i.inputs.resourceName === name)!;
        const vault = () => run.single("azure-native:keyvault:Vault");

        it(`names the Key Vault from committed config (trinity:keyVaultName), RBAC, without purge protection unless asked`, () => {
            assert.equal(vault().inputs.vaultName, foundationConfig("azure", env)["trinity:keyVaultName"]);
            assert.equal(vault().inputs.properties.enableRbacAuthorization, true);
            assert.equal(vault().inputs.properties.softDeleteRetentionInDays, 7);
            assert.equal("enablePurgeProtection" in vault().inputs.properties, false);
            assert.equal(run.outputs.keyVaultUrl, `https://trinity-${env}-kv.vault.azure.net/`);
            assert.equal(vault().retainOnDelete, true, "the vault outlives even its own stack");
        });

        it("federates the deploy, secrets and validate identities with exactly their GitHub environments", () => {
            const credentials = run.ofType("azure-native:managedidentity:FederatedIdentityCredential").map(c => c.inputs);
            assert.deepEqual(credentials.map(c => [c.resourceName, c.issuer, c.subject, c.audiences]).sort(), [
                [`${cluster}-deploy`, issuer, subject(deployEnvironment("azure")), ["api://AzureADTokenExchange"]],
                [`${cluster}-secrets`, issuer, subject(secretsEnvironment("azure")), ["api://AzureADTokenExchange"]],
                [`${cluster}-validate`, issuer, subject(validateEnvironment("azure")), ["api://AzureADTokenExchange"]],
            ].sort());
        });

        it("scopes the role assignments: deploy on the subscription and the vault, secrets on the vault, validate on the foundation group", () => {
            const assignments = run.ofType("azure-native:authorization:RoleAssignment").map(a => a.inputs);
            const deploy = identity(`${cluster}-deploy`).state.principalId;
            const secrets = identity(`${cluster}-secrets`).state.principalId;
            const validate = identity(`${cluster}-validate`).state.principalId;
            const group = run.single("azure-native:resources:ResourceGroup");
            assert.equal(group.inputs.resourceGroupName, `${cluster}-foundation`);
            assert.deepEqual(assignments.map(a => [a.principalId, a.roleDefinitionId, a.scope]).sort(), [
                [deploy, roleId("b24988ac-6180-42a0-ab88-20f7382dd24c"), `/subscriptions/${azureSubscriptionId}`],
                [deploy, roleId("f58310d9-a9f6-439a-9e8d-f62e7b41a168"), vault().id],
                [secrets, roleId("b86a8fe4-44ce-4948-aee5-eccb2c155cd7"), vault().id],
                [azureDeployerObjectId, roleId("b86a8fe4-44ce-4948-aee5-eccb2c155cd7"), vault().id],
                [validate, roleId("acdd72a7-3385-48ef-bd42-f606fba81ae7"), group.id],
            ].sort());
        });

        it("gives the validate identity the built-in Reader role and nothing else", () => {
            const validate = identity(`${cluster}-validate`).state.principalId;
            const assignments = run.ofType("azure-native:authorization:RoleAssignment").filter(a => a.inputs.principalId === validate);
            assert.deepEqual(assignments.map(a => [a.inputs.roleDefinitionId, a.inputs.principalType]),
                [[roleId("acdd72a7-3385-48ef-bd42-f606fba81ae7"), "ServicePrincipal"]]);
            assert.ok(!assignments[0].inputs.scope.includes("/providers/"), "a resource group, not a resource inside it");
        });

        it("exports the client, tenant and subscription ids the workflows sign in with", () => {
            assert.equal(run.outputs.deployClientId, identity(`${cluster}-deploy`).state.clientId);
            assert.equal(run.outputs.secretsClientId, identity(`${cluster}-secrets`).state.clientId);
            assert.equal(run.outputs.validateClientId, identity(`${cluster}-validate`).state.clientId);
            assert.equal(run.outputs.validateEnvironment, validateEnvironment("azure"));
            assert.equal(run.outputs.subscriptionId, azureSubscriptionId);
            assert.match(run.outputs.tenantId, /^[0-9a-f-]{36}$/);
        });
    });
}

describe("azure foundation options", () => {
    it("turns purge protection on only when trinity:keyVaultPurgeProtection is true", async () => {
        const run = await runStack("foundation-azure", { ...foundationConfig("azure", "dev"), "trinity:keyVaultPurgeProtection": "true" },
            require("../foundation-azure/program").trinityFoundationAzure);
        assert.equal(run.single("azure-native:keyvault:Vault").inputs.properties.enablePurgeProtection, true);
    });

    it("refuses a vault name Azure would refuse", async () => {
        await assert.rejects(runStack("foundation-azure", { ...foundationConfig("azure", "dev"), "trinity:keyVaultName": "trinity--kv" },
            require("../foundation-azure/program").trinityFoundationAzure), /trinity:keyVaultName "trinity--kv" must be 3-24/);
    });
});

describe("aws foundation options", () => {
    it("reuses the account's GitHub OIDC provider when trinity:githubOidcProviderArn names it", async () => {
        const existing = `arn:aws:iam::${awsAccountId}:oidc-provider/token.actions.githubusercontent.com`;
        const run = await runStack("foundation-aws", { ...foundationConfig("aws", "prod"), "trinity:githubOidcProviderArn": existing },
            require("../foundation-aws/program").trinityFoundationAws);
        assert.deepEqual(run.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider"), []);
        for (const role of run.ofType("aws:iam/role:Role")) {
            assert.equal(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Federated, existing, role.name);
        }
        assert.equal(run.outputs.githubOidcProviderArn, existing);
    });
});

/** What each foundation registers for the validate identity: `trinity-<env>-<cloud>-validate-<part>`. */
const validateResources: Record<CloudName, string[]> = {
    aws: ["role", "describe"],
    gcp: ["gsa", "github", "container-clusterViewer"],
    azure: ["identity", "identity-github", "reader"],
};

for (const cloud of cloudNames) {
    describe(`${cloud} foundation, every resource`, () => {
        let run: StackRun;
        before(async () => { run = await foundationFor(cloud, "dev"); });

        it("protects every resource it registers, so a destroy stops instead of removing CI's identities", () => {
            assert.ok(run.resources.length > 5);
            const unprotected = run.resources.filter(r => !r.protect);
            assert.deepEqual(unprotected.map(r => `${r.type} ${r.name}`), []);
        });

        it("creates the validate identity and its grants, all protected", () => {
            const validate = run.resources.filter(r => r.name.startsWith(`trinity-dev-${cloud}-validate-`));
            assert.deepEqual(validate.map(r => r.name).sort(), validateResources[cloud].map(part => `trinity-dev-${cloud}-validate-${part}`).sort());
            assert.deepEqual(validate.filter(r => !r.protect).map(r => r.name), []);
        });

        it("holds no backend secret value: no secret resource, no catalog key in its config", () => {
            assert.deepEqual(run.resources.filter(r => /secretVersion|keyvault:Secret\b|secretsmanager\/secret:/i.test(r.type)), []);
            for (const key of Object.keys(devConfig(`foundation-${cloud}`))) assert.doesNotMatch(key, backendValueKeys);
            const text = readFileSync(path.join(infraRoot, `foundation-${cloud}`, "Pulumi.dev.yaml"), "utf8");
            assert.doesNotMatch(text, /secure:/);
        });

        it(`Pulumi.yaml names project trinity-foundation-${cloud}`, () => {
            const project = yaml.load(readFileSync(path.join(infraRoot, `foundation-${cloud}`, "Pulumi.yaml"), "utf8")) as any;
            assert.equal(project.name, `trinity-foundation-${cloud}`);
        });

        it("index.ts exports every output of the program", async () => {
            const exported = await runStack(`foundation-${cloud}`, foundationConfig(cloud, "dev"), () => require(`../foundation-${cloud}/index`));
            assert.deepEqual(Object.keys(exported.outputs).sort(), Object.keys(run.outputs).sort());
        });

        it("fails without trinity:githubRepository, and on one that is not owner/name", async () => {
            const program = Object.values(require(`../foundation-${cloud}/program`)).find(v => typeof v === "function") as () => Record<string, unknown>;
            const { "trinity:githubRepository": _, ...config } = foundationConfig(cloud, "dev");
            await assert.rejects(runStack(`foundation-${cloud}`, config, program), /Missing required configuration variable 'trinity:githubRepository'/);
            await assert.rejects(runStack(`foundation-${cloud}`, { ...config, "trinity:githubRepository": "just-a-name" }, program),
                /trinity:githubRepository must be owner\/name/);
        });
    });
}
