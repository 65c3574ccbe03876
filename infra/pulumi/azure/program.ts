import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    bootstrapCluster, externalSecretsSubject, keyVaultName, keyVaultSuffixLength, namesFor,
} from "@trinity/infra-shared";

/** Built-in role ids, the same in every tenant. */
export const builtInRoles = {
    keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    keyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
} as const;

const workloadIdentityAudience = "api://AzureADTokenExchange";

/** AKS with OIDC issuer and workload identity, a Key Vault for ESO, Argo CD and the root app. */
export function trinityAzure() {
    const names = namesFor(new pulumi.Config("trinity").require("env"), "azure");
    const location = new pulumi.Config("azure-native").require("location");
    const tags = { platform: "trinity", env: names.env, cloud: names.cloud };
    const client = authorization.getClientConfigOutput();
    const roleDefinition = (id: string) =>
        pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;

    const resourceGroup = new resources.ResourceGroup(names.resource("rg"), {
        resourceGroupName: names.resource("rg"),
        location,
        tags,
    });

    const cluster = new containerservice.ManagedCluster(names.resource("cluster"), {
        resourceName: names.cluster,
        resourceGroupName: resourceGroup.name,
        location,
        dnsPrefix: names.cluster,
        identity: { type: "SystemAssigned" },
        enableRBAC: true,
        agentPoolProfiles: [{
            name: "system",
            mode: "System",
            count: 2,
            vmSize: "Standard_D4s_v5",
            osType: "Linux",
            type: "VirtualMachineScaleSets",
        }],
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
        tags,
    });
    const issuerUrl = cluster.oidcIssuerProfile.apply(p => {
        if (!p?.issuerURL) {
            throw new Error(`${names.cluster} reports no OIDC issuer URL; is oidcIssuerProfile enabled?`);
        }
        return p.issuerURL;
    });

    const identity = new managedidentity.UserAssignedIdentity(names.resource("eso-identity"), {
        resourceName: names.externalSecretsIdentity,
        resourceGroupName: resourceGroup.name,
        location,
        tags,
    });
    new managedidentity.FederatedIdentityCredential(names.resource("eso-federation"), {
        federatedIdentityCredentialResourceName: "external-secrets",
        resourceName: identity.name,
        resourceGroupName: resourceGroup.name,
        issuer: issuerUrl,
        subject: externalSecretsSubject,
        audiences: [workloadIdentityAudience],
    });

    // Vault names are global and a soft-deleted vault keeps its name for the retention period, so
    // the name carries a random suffix that stays fixed for the life of the stack.
    const suffix = new random.RandomString(names.resource("kv-suffix"), {
        length: keyVaultSuffixLength,
        lower: true,
        upper: false,
        numeric: true,
        special: false,
    });
    const vault = new keyvault.Vault(names.resource("kv"), {
        vaultName: suffix.result.apply(s => keyVaultName(names.env, s)),
        resourceGroupName: resourceGroup.name,
        location,
        properties: {
            tenantId: client.tenantId,
            sku: { family: "A", name: "standard" },
            enableRbacAuthorization: true,
            enableSoftDelete: true,
            // Shortest retention, no purge protection: SecretBackendsDelete must be able to purge.
            softDeleteRetentionInDays: 7,
        },
        tags,
    });
    const vaultUrl = vault.properties.apply(p => p.vaultUri);

    new authorization.RoleAssignment(names.resource("eso-kv-secrets-user"), {
        scope: vault.id,
        roleDefinitionId: roleDefinition(builtInRoles.keyVaultSecretsUser),
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        description: `ESO on ${names.cluster} reads secrets of this vault`,
    });
    // With RBAC authorization not even an Owner may write secrets; SecretBackendsApply runs as
    // whoever runs this stack, so that principal gets secret write on this vault and nothing more.
    new authorization.RoleAssignment(names.resource("deployer-kv-secrets-officer"), {
        scope: vault.id,
        roleDefinitionId: roleDefinition(builtInRoles.keyVaultSecretsOfficer),
        principalId: client.objectId,
        description: `The deployer of ${names.cluster} manages the backend secrets of this vault`,
    });

    const kubeconfig = pulumi.secret(
        containerservice.listManagedClusterUserCredentialsOutput({
            resourceGroupName: resourceGroup.name,
            resourceName: cluster.name,
        }).apply(credentials => Buffer.from(credentials.kubeconfigs![0].value, "base64").toString("utf8")));

    const bootstrap = bootstrapCluster(names, {
        programDirectory: __dirname,
        kubeconfig,
        serviceAccountAnnotations: {
            "azure.workload.identity/client-id": identity.clientId,
            "azure.workload.identity/tenant-id": identity.tenantId,
        },
        // Needed by the azure-workload-identity webhook on pods that use this service account.
        serviceAccountLabels: { "azure.workload.identity/use": "true" },
    });

    return {
        kubeconfig,
        clusterName: cluster.name,
        resourceGroupName: resourceGroup.name,
        oidcIssuerUrl: issuerUrl,
        externalSecretsClientId: identity.clientId,
        tenantId: identity.tenantId,
        keyVaultName: vault.name,
        keyVaultUrl: vaultUrl,
        rootApplication: bootstrap.rootApplication,
    };
}
