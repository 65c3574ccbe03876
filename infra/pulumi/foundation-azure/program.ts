import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { assertKeyVaultName, assertRepository, githubIssuer, githubSubject, namesFor } from "@trinity/infra-shared";

/** Built-in role ids, the same in every tenant. */
export const builtInRoles = {
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    keyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;

/** The audience Azure expects in a federated token, GitHub's included. */
export const federationAudience = "api://AzureADTokenExchange";

/** Soft-deleted secrets and vaults are kept this long; the shortest Azure allows, so a mistake is undone fast. */
export const softDeleteRetentionDays = 7;

/**
 * What outlives every cluster of one environment on Azure: the Key Vault with the committed name Git's
 * ClusterSecretStore repeats, and three user-assigned identities (deploy, secrets, read-only validate) that GitHub
 * signs in as through federated credentials for exactly one environment each. Run once by an administrator
 * (`./build.sh Bootstrap --cloud azure`). The vault is protected and retained on delete: a teardown never tombstones
 * it with its secrets.
 */
export function trinityFoundationAzure() {
    const config = new pulumi.Config("trinity");
    const names = namesFor(config.require("env"), "azure");
    const repository = assertRepository(config.require("githubRepository"));
    const vaultName = assertKeyVaultName(config.require("keyVaultName"));
    // Purge protection makes a deleted vault or secret unrecoverable-by-purge until retention ends: safer against a
    // mistake, but SecretBackendsDelete --purge and re-creating a name within the retention then fail. Off unless the
    // committed config turns it on; once on, Azure never allows it off again.
    const purgeProtection = config.getBoolean("keyVaultPurgeProtection") ?? false;
    const location = new pulumi.Config("azure-native").require("location");
    const tags = { platform: "trinity", env: names.env, cloud: names.cloud, owner: "foundation" };
    const keep: pulumi.CustomResourceOptions = { protect: true };
    const client = authorization.getClientConfigOutput();
    const roleDefinition = (id: string) =>
        pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;

    const group = new resources.ResourceGroup(names.resource("foundation-rg"), {
        resourceGroupName: names.resource("foundation"),
        location,
        tags,
    }, keep);

    const vault = new keyvault.Vault(names.resource("kv"), {
        vaultName,
        resourceGroupName: group.name,
        location,
        properties: {
            tenantId: client.tenantId,
            sku: { family: "A", name: "standard" },
            enableRbacAuthorization: true,
            enableSoftDelete: true,
            softDeleteRetentionInDays: softDeleteRetentionDays,
            // Azure rejects an explicit false: the property is omitted unless it is turned on.
            ...(purgeProtection ? { enablePurgeProtection: true } : {}),
        },
        tags,
    }, { ...keep, retainOnDelete: true });

    /** A user-assigned identity GitHub signs in as, from exactly one environment of this repository. */
    const githubIdentity = (part: string, resourceName: string, environment: string) => {
        const identity = new managedidentity.UserAssignedIdentity(names.resource(part), {
            resourceName,
            resourceGroupName: group.name,
            location,
            tags,
        }, keep);
        new managedidentity.FederatedIdentityCredential(names.resource(`${part}-github`), {
            federatedIdentityCredentialResourceName: `github-${environment}`,
            resourceName: identity.name,
            resourceGroupName: group.name,
            issuer: githubIssuer,
            subject: githubSubject(repository, environment),
            audiences: [federationAudience],
        }, keep);
        return identity;
    };
    const assign = (part: string, scope: pulumi.Input<string>, role: string, principalId: pulumi.Input<string>,
        description: string, principalType?: string) =>
        new authorization.RoleAssignment(names.resource(part), {
            scope,
            roleDefinitionId: roleDefinition(role),
            principalId,
            principalType,
            description,
        }, keep);

    const deploy = githubIdentity("deploy-identity", names.deployIdentity, names.deployEnvironment);
    const subscription = pulumi.interpolate`/subscriptions/${client.subscriptionId}`;
    // The cluster stack creates its resource group, AKS and the ESO identity; Contributor also lists the cluster's
    // user credentials, which WaitForSync and Validate use.
    assign("deploy-contributor", subscription, builtInRoles.contributor, deploy.principalId,
        `GitHub ${names.deployEnvironment}: runs the ${names.cluster} stack`, "ServicePrincipal");
    // Contributor cannot grant roles: the cluster stack gives ESO read access to this vault, nothing wider.
    assign("deploy-kv-rbac-admin", vault.id, builtInRoles.roleBasedAccessControlAdministrator, deploy.principalId,
        `GitHub ${names.deployEnvironment}: grants ESO on ${names.cluster} read access to this vault`, "ServicePrincipal");

    const secrets = githubIdentity("secrets-identity", names.secretsIdentity, names.secretsEnvironment);
    // With RBAC authorization not even an Owner may write secrets: the secrets identity, and the administrator who
    // runs this stack (SecretBackendsApply from a workstation), get secret write on this vault and nothing more.
    assign("secrets-kv-officer", vault.id, builtInRoles.keyVaultSecretsOfficer, secrets.principalId,
        `GitHub ${names.secretsEnvironment}: manages the ${names.cluster} backend secrets`, "ServicePrincipal");
    assign("admin-kv-officer", vault.id, builtInRoles.keyVaultSecretsOfficer, client.objectId,
        `The administrator of ${names.cluster}'s foundation manages its backend secrets`);

    const validate = githubIdentity("validate-identity", names.validateIdentity, names.validateEnvironment);
    // Validate reads the cluster with the local-account credential of the cluster stack's kubeconfig output, not as
    // this identity (azure/program.ts), so Azure itself gives it nothing to do. azure/login still needs a role in the
    // subscription to find it: Reader on this environment's foundation group, the narrowest scope that exists when
    // Bootstrap runs (the cluster's group comes later, from a stack whose Contributor cannot grant roles).
    assign("validate-reader", group.id, builtInRoles.reader, validate.principalId,
        `GitHub ${names.validateEnvironment}: signs in to validate ${names.cluster}`, "ServicePrincipal");

    return {
        tenantId: client.tenantId,
        subscriptionId: client.subscriptionId,
        githubRepository: pulumi.output(repository),
        resourceGroupName: group.name,
        keyVaultName: vault.name,
        keyVaultId: vault.id,
        keyVaultUrl: vault.properties.apply(p => p.vaultUri),
        deployClientId: deploy.clientId,
        deployPrincipalId: deploy.principalId,
        secretsClientId: secrets.clientId,
        validateClientId: validate.clientId,
        deployEnvironment: pulumi.output(names.deployEnvironment),
        secretsEnvironment: pulumi.output(names.secretsEnvironment),
        validateEnvironment: pulumi.output(names.validateEnvironment),
    };
}
