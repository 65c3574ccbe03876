import * as assert from "node:assert/strict";
import { azureDeployerObjectId, azureSubscriptionId, azureTenantId } from "./fakes";
import { envs, foundationFor, foundationStackName, stackFor, StackRun } from "./harness";

const roleId = (guid: string) => `/subscriptions/${azureSubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const keyVaultSecretsUser = roleId("4633458b-17de-408a-b874-0445c86b69e6");

for (const env of envs) {
    describe(`azure stack, env ${env}`, () => {
        const cluster = `trinity-${env}-azure`;
        let run: StackRun;
        let foundation: StackRun;
        before(async () => {
            run = await stackFor("azure", env);
            foundation = await foundationFor("azure", env);
        });

        const aks = () => run.single("azure-native:containerservice:ManagedCluster");
        const identity = () => run.single("azure-native:managedidentity:UserAssignedIdentity");
        const vault = () => foundation.single("azure-native:keyvault:Vault");

        it(`names the AKS cluster ${cluster}, its resource group and managed identity from env and cloud`, () => {
            assert.equal(aks().inputs.resourceName, cluster);
            assert.equal(run.single("azure-native:resources:ResourceGroup").inputs.resourceGroupName, `${cluster}-rg`);
            assert.equal(run.outputs.resourceGroupName, `${cluster}-rg`);
            assert.equal(identity().inputs.resourceName, `${cluster}-eso`);
        });

        it("enables the OIDC issuer and workload identity on AKS", () => {
            assert.deepEqual(aks().inputs.oidcIssuerProfile, { enabled: true });
            assert.deepEqual(aks().inputs.securityProfile, { workloadIdentity: { enabled: true } });
            assert.equal(run.outputs.oidcIssuerUrl, aks().state.oidcIssuerProfile.issuerURL);
        });

        it("creates no Key Vault: it refers to the foundation's, and exports its name and URL", () => {
            assert.deepEqual(run.ofType("azure-native:keyvault:Vault"), []);
            assert.deepEqual(run.ofType("random:index/randomString:RandomString"), []);
            assert.equal(run.single("pulumi:pulumi:StackReference").inputs.name, foundationStackName("azure", env));
            assert.equal(run.outputs.keyVaultName, `trinity-${env}-kv`);
            assert.equal(run.outputs.keyVaultUrl, `https://trinity-${env}-kv.vault.azure.net/`);
        });

        it("federates the ESO identity with the AKS issuer for external-secrets/external-secrets only", () => {
            const credential = run.single("azure-native:managedidentity:FederatedIdentityCredential").inputs;
            assert.equal(credential.resourceName, identity().state.name);
            assert.equal(credential.issuer, aks().state.oidcIssuerProfile.issuerURL);
            assert.equal(credential.subject, "system:serviceaccount:external-secrets:external-secrets");
            assert.deepEqual(credential.audiences, ["api://AzureADTokenExchange"]);
        });

        it("grants only Key Vault Secrets User to ESO, on the foundation's vault scope", () => {
            const assignments = run.ofType("azure-native:authorization:RoleAssignment").map(a => a.inputs);
            assert.deepEqual(assignments.map(a => [a.principalId, a.roleDefinitionId, a.scope]),
                [[identity().state.principalId, keyVaultSecretsUser, vault().id]]);
            assert.equal(assignments[0].principalType, "ServicePrincipal");
            assert.ok(!assignments.some(a => a.principalId === azureDeployerObjectId));
        });

        it("annotates the ESO service account with client and tenant id, and leaves the pod label azure.workload.identity/use off it", () => {
            const metadata = run.single("kubernetes:core/v1:ServiceAccount").inputs.metadata;
            assert.deepEqual(metadata.annotations, {
                "azure.workload.identity/client-id": identity().state.clientId,
                "azure.workload.identity/tenant-id": azureTenantId,
            });
            // The webhook mutates pods labelled so; on a service account the label does nothing (chart values label ESO's pods).
            assert.equal(metadata.labels?.["azure.workload.identity/use"], undefined);
            assert.ok(!JSON.stringify(metadata).includes("azure.workload.identity/use"));
            assert.equal(run.outputs.externalSecretsClientId, identity().state.clientId);
        });

        it("binds no Kubernetes subject to the validate identity: the AKS local-account credential is not tied to one", () => {
            assert.deepEqual(run.resources.filter(r => r.type.startsWith("kubernetes:rbac.authorization.k8s.io/")).map(r => r.name), []);
            assert.ok(foundation.outputs.validateClientId, "the foundation still has a validate identity to sign in as");
        });

        it("exports the AKS user kubeconfig decoded from listManagedClusterUserCredentials", () => {
            assert.ok(run.invokes.includes("azure-native:containerservice:listManagedClusterUserCredentials"));
            assert.match(run.outputs.kubeconfig, /^apiVersion: v1\nkind: Config\n/);
            assert.match(run.outputs.kubeconfig, new RegExp(`current-context: ${cluster}\n`));
        });
    });
}
