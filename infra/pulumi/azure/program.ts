import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import {
    apiAuthorizedCidrs, bootstrapCluster, externalSecretsSubject, foundationOf, kubernetesVersion, namesFor,
} from "@trinity/infra-shared";

/** Built-in role ids, the same in every tenant. */
export const builtInRoles = {
    keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
} as const;

const workloadIdentityAudience = "api://AzureADTokenExchange";

/**
 * AKS with OIDC issuer and workload identity, ESO's identity with read access to the foundation's Key Vault, Argo CD
 * and the root app. The vault belongs to the foundation stack: this stack only refers to it, so tearing the cluster
 * down never soft-deletes the vault and its secrets.
 */
export function trinityAzure() {
    const config = new pulumi.Config("trinity");
    const names = namesFor(config.require("env"), "azure");
    // The environment's minor (platform/environments/<env>.yaml); AKS picks the newest patch of it.
    const version = kubernetesVersion(__dirname, names);
    const authorizedCidrs = apiAuthorizedCidrs(config);
    const foundation = foundationOf(names);
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
        kubernetesVersion: version,
        identity: { type: "SystemAssigned" },
        enableRBAC: true,
        agentPoolProfiles: [{
            name: "system",
            mode: "System",
            count: 2,
            vmSize: "Standard_D4s_v5",
            osType: "Linux",
            type: "VirtualMachineScaleSets",
            orchestratorVersion: version,
        }],
        // Unset: open to every address (shared/cluster.ts says why that is the default here).
        ...(authorizedCidrs ? { apiServerAccessProfile: { authorizedIPRanges: authorizedCidrs } } : {}),
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

    new authorization.RoleAssignment(names.resource("eso-kv-secrets-user"), {
        scope: foundation.output("keyVaultId"),
        roleDefinitionId: roleDefinition(builtInRoles.keyVaultSecretsUser),
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        description: `ESO on ${names.cluster} reads secrets of this vault`,
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
        // No azure.workload.identity/use label here: the webhook reads it from the pod, not the service account, so
        // the ESO chart values in Git put it on ESO's pods (docs/external-secrets.md).
        // No validateSubject: AKS runs with local accounts, and the user credential in the kubeconfig output is not
        // tied to an Azure identity, so there is no Kubernetes subject that is the foundation's validate identity.
        // Validate on AKS reads with that credential, whatever the job signed in to Azure as.
    });

    return {
        kubeconfig,
        clusterName: cluster.name,
        resourceGroupName: resourceGroup.name,
        oidcIssuerUrl: issuerUrl,
        externalSecretsClientId: identity.clientId,
        tenantId: identity.tenantId,
        keyVaultName: foundation.output("keyVaultName"),
        keyVaultUrl: foundation.output("keyVaultUrl"),
        rootApplication: bootstrap.rootApplication,
    };
}
