import * as assert from "node:assert/strict";
import { azureDeployerObjectId, azureSubscriptionId, azureTenantId } from "./fakes";
import { envs, stackFor, StackRun } from "./harness";

const roleId = (guid: string) => `/subscriptions/${azureSubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const keyVaultSecretsUser = roleId("4633458b-17de-408a-b874-0445c86b69e6");
const keyVaultSecretsOfficer = roleId("b86a8fe4-44ce-4948-aee5-eccb2c155cd7");

for (const env of envs) {
    describe(`azure stack, env ${env}`, () => {
        const cluster = `trinity-${env}-azure`;
        let run: StackRun;
        before(async () => { run = await stackFor("azure", env); });

        const aks = () => run.single("azure-native:containerservice:ManagedCluster");
        const identity = () => run.single("azure-native:managedidentity:UserAssignedIdentity");
        const vault = () => run.single("azure-native:keyvault:Vault");

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

        it(`names the Key Vault trinity-${env}-<random suffix> within 3-24 chars, RBAC, purgeable`, () => {
            const name = vault().inputs.vaultName;
            assert.match(name, new RegExp(`^trinity-${env}-[a-z0-9]{6}$`));
            assert.ok(name.length >= 3 && name.length <= 24);
            const suffix = run.single("random:index/randomString:RandomString").state.result;
            assert.equal(name, `trinity-${env}-${suffix}`);
            const properties = vault().inputs.properties;
            assert.equal(properties.enableRbacAuthorization, true);
            assert.equal(properties.tenantId, azureTenantId);
            assert.equal(properties.softDeleteRetentionInDays, 7);
            assert.notEqual(properties.enablePurgeProtection, true);
            assert.equal(properties.accessPolicies, undefined);
        });

        it("exports the vault name and URL", () => {
            assert.equal(run.outputs.keyVaultName, vault().inputs.vaultName);
            assert.equal(run.outputs.keyVaultUrl, `https://${vault().inputs.vaultName}.vault.azure.net/`);
        });

        it("federates the ESO identity with the AKS issuer for external-secrets/external-secrets only", () => {
            const credential = run.single("azure-native:managedidentity:FederatedIdentityCredential").inputs;
            assert.equal(credential.resourceName, identity().state.name);
            assert.equal(credential.issuer, aks().state.oidcIssuerProfile.issuerURL);
            assert.equal(credential.subject, "system:serviceaccount:external-secrets:external-secrets");
            assert.deepEqual(credential.audiences, ["api://AzureADTokenExchange"]);
        });

        it("grants Key Vault Secrets User to ESO and Secrets Officer to the deployer, on the vault scope only", () => {
            const assignments = run.ofType("azure-native:authorization:RoleAssignment").map(a => a.inputs);
            assert.deepEqual(
                assignments.map(a => [a.principalId, a.roleDefinitionId, a.scope]).sort(),
                [
                    [identity().state.principalId, keyVaultSecretsUser, vault().id],
                    [azureDeployerObjectId, keyVaultSecretsOfficer, vault().id],
                ].sort());
            assert.equal(assignments.find(a => a.principalId === identity().state.principalId)!.principalType, "ServicePrincipal");
        });

        it("annotates the ESO service account with client and tenant id and labels it for workload identity", () => {
            const metadata = run.single("kubernetes:core/v1:ServiceAccount").inputs.metadata;
            assert.deepEqual(metadata.annotations, {
                "azure.workload.identity/client-id": identity().state.clientId,
                "azure.workload.identity/tenant-id": azureTenantId,
            });
            assert.deepEqual(metadata.labels, { "azure.workload.identity/use": "true" });
            assert.equal(run.outputs.externalSecretsClientId, identity().state.clientId);
        });

        it("exports the AKS user kubeconfig decoded from listManagedClusterUserCredentials", () => {
            assert.ok(run.invokes.includes("azure-native:containerservice:listManagedClusterUserCredentials"));
            assert.match(run.outputs.kubeconfig, /^apiVersion: v1\nkind: Config\n/);
            assert.match(run.outputs.kubeconfig, new RegExp(`current-context: ${cluster}\n`));
        });
    });
}
