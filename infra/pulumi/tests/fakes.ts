// What the clouds would answer, shaped like the real API responses, so that every output the
// programs derive (ARNs, issuer URLs, emails, vault URIs, kubeconfigs) is computed from real-looking data.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

export const awsAccountId = "210987654321";
export const azureSubscriptionId = "6c1f0a4e-2b9d-4f3a-8e71-5d0c9b2a7e13";
export const azureTenantId = "a3d5e7f9-1b2c-4d6e-8f0a-1c3e5a7b9d2f";
/** Object id of the principal that runs `pulumi up` on Azure. */
export const azureDeployerObjectId = "e8b1c2d3-4f5a-4b6c-9d7e-0f1a2b3c4d5e";

const certificate = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIfake\n-----END CERTIFICATE-----\n").toString("base64");

function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

export function guid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface Faked { id: string; state: Record<string, any> }

export const gcpProjectNumber = "482915730264";

export function fakeResource(args: pulumi.runtime.MockResourceArgs, config: Record<string, string>,
    references: Record<string, Record<string, any>> = {}): Faked {
    const inputs = args.inputs ?? {};
    const awsRegion = config["aws:region"];
    const gcpProject = config["gcp:project"];
    const azureLocation = config["azure-native:location"];
    const azureGroup = (name: string) => `/subscriptions/${azureSubscriptionId}/resourceGroups/${name}`;
    switch (args.type) {
        case "aws:ec2/vpc:Vpc":
            return { id: `vpc-${hex(args.name, 17)}`, state: { ...inputs, arn: `arn:aws:ec2:${awsRegion}:${awsAccountId}:vpc/vpc-${hex(args.name, 17)}` } };
        case "aws:ec2/subnet:Subnet":
            return { id: `subnet-${hex(args.name, 17)}`, state: inputs };
        case "aws:ec2/internetGateway:InternetGateway":
            return { id: `igw-${hex(args.name, 17)}`, state: inputs };
        case "aws:ec2/routeTable:RouteTable":
            return { id: `rtb-${hex(args.name, 17)}`, state: inputs };
        case "aws:iam/role:Role":
            return { id: inputs.name, state: { ...inputs, arn: `arn:aws:iam::${awsAccountId}:role/${inputs.name}`, uniqueId: `AROA${hex(args.name, 17).toUpperCase()}` } };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const arn = `arn:aws:iam::${awsAccountId}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`;
            return { id: arn, state: { ...inputs, arn } };
        }
        case "aws:eks/cluster:Cluster": {
            const oidcId = hex(args.name, 32).toUpperCase();
            return {
                id: inputs.name,
                state: {
                    ...inputs,
                    arn: `arn:aws:eks:${awsRegion}:${awsAccountId}:cluster/${inputs.name}`,
                    endpoint: `https://${hex(args.name + "endpoint", 32).toUpperCase()}.gr7.${awsRegion}.eks.amazonaws.com`,
                    certificateAuthority: { data: certificate },
                    identities: [{ oidcs: [{ issuer: `https://oidc.eks.${awsRegion}.amazonaws.com/id/${oidcId}` }] }],
                    status: "ACTIVE",
                    version: "1.33",
                },
            };
        }
        case "gcp:container/cluster:Cluster":
            return {
                id: `projects/${inputs.project}/locations/${inputs.location}/clusters/${inputs.name}`,
                state: { ...inputs, endpoint: "34.140.17.201", masterAuth: { clusterCaCertificate: certificate }, masterVersion: "1.33.4-gke.1172000" },
            };
        case "gcp:serviceaccount/account:Account": {
            const email = `${inputs.accountId}@${inputs.project ?? gcpProject}.iam.gserviceaccount.com`;
            return {
                id: `projects/${inputs.project}/serviceAccounts/${email}`,
                state: { ...inputs, email, name: `projects/${inputs.project}/serviceAccounts/${email}`, member: `serviceAccount:${email}`, uniqueId: "10" + hex(args.name, 19).replace(/[a-f]/g, "7") },
            };
        }
        case "pulumi:pulumi:StackReference": {
            // A stack that does not exist reads as one without outputs, which requireOutput refuses by name.
            return { id: inputs.name, state: { name: inputs.name, outputs: references[inputs.name] ?? {}, secretOutputNames: [] } };
        }
        case "aws:eks/accessEntry:AccessEntry":
            return { id: `${inputs.clusterName}:${inputs.principalArn}`, state: { ...inputs, accessEntryArn: `arn:aws:eks:${awsRegion}:${awsAccountId}:access-entry/${inputs.clusterName}/${hex(args.name, 12)}` } };
        case "gcp:iam/workloadIdentityPool:WorkloadIdentityPool":
            return {
                id: `projects/${inputs.project}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}`,
                state: { ...inputs, name: `projects/${gcpProjectNumber}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}`, state: "ACTIVE" },
            };
        case "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider":
            return {
                id: `projects/${inputs.project}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}/providers/${inputs.workloadIdentityPoolProviderId}`,
                state: { ...inputs, name: `projects/${gcpProjectNumber}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}/providers/${inputs.workloadIdentityPoolProviderId}`, state: "ACTIVE" },
            };
        case "gcp:projects/service:Service":
            return { id: `${inputs.project}/${inputs.service}`, state: inputs };
        case "azure-native:resources:ResourceGroup":
            return { id: azureGroup(inputs.resourceGroupName), state: { ...inputs, name: inputs.resourceGroupName } };
        case "azure-native:containerservice:ManagedCluster":
            return {
                id: `${azureGroup(inputs.resourceGroupName)}/providers/Microsoft.ContainerService/managedClusters/${inputs.resourceName}`,
                state: {
                    ...inputs,
                    name: inputs.resourceName,
                    fqdn: `${inputs.dnsPrefix}-${hex(args.name, 8)}.hcp.${azureLocation}.azmk8s.io`,
                    provisioningState: "Succeeded",
                    oidcIssuerProfile: {
                        enabled: inputs.oidcIssuerProfile?.enabled ?? false,
                        issuerURL: inputs.oidcIssuerProfile?.enabled
                            ? `https://${azureLocation}.oic.prod-aks.azure.com/${azureTenantId}/${guid(args.name)}/`
                            : undefined,
                    },
                },
            };
        case "azure-native:managedidentity:UserAssignedIdentity":
            return {
                id: `${azureGroup(inputs.resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.resourceName}`,
                state: { ...inputs, name: inputs.resourceName, clientId: guid(args.name + "client"), principalId: guid(args.name + "principal"), tenantId: azureTenantId },
            };
        case "azure-native:managedidentity:FederatedIdentityCredential":
            return {
                id: `${azureGroup(inputs.resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.resourceName}/federatedIdentityCredentials/${inputs.federatedIdentityCredentialResourceName}`,
                state: { ...inputs, name: inputs.federatedIdentityCredentialResourceName },
            };
        case "azure-native:keyvault:Vault":
            return {
                id: `${azureGroup(inputs.resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${inputs.vaultName}`,
                state: { ...inputs, name: inputs.vaultName, properties: { ...inputs.properties, vaultUri: `https://${inputs.vaultName}.vault.azure.net/` } },
            };
        case "azure-native:authorization:RoleAssignment": {
            const name = guid(args.name);
            return { id: `${inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, state: { ...inputs, name } };
        }
        case "random:index/randomString:RandomString": {
            const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            const bytes = createHash("sha256").update(args.name).digest();
            const result = Array.from({ length: inputs.length }, (_, i) => alphabet[bytes[i] % alphabet.length]).join("");
            return { id: result, state: { ...inputs, result } };
        }
        case "kubernetes:helm.sh/v3:Release":
            return { id: `${inputs.namespace}/${inputs.name}`, state: { ...inputs, status: { status: "deployed", version: inputs.version, name: inputs.name, namespace: inputs.namespace } } };
        default:
            return { id: `${args.name}-id`, state: inputs };
    }
}

export function fakeCall(args: pulumi.runtime.MockCallArgs, config: Record<string, string>): Record<string, any> {
    const awsRegion = config["aws:region"];
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: awsAccountId, arn: `arn:aws:iam::${awsAccountId}:user/deployer`, id: awsAccountId, userId: "AIDAEXAMPLEUSERID" };
        case "gcp:organizations/getProject:getProject":
            return { id: `projects/${args.inputs.projectId}`, projectId: args.inputs.projectId, number: gcpProjectNumber, name: args.inputs.projectId };
        case "aws:index/getPartition:getPartition":
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { id: awsRegion, names: ["a", "b", "c"].map(z => awsRegion + z), zoneIds: ["1", "2", "3"].map(z => `euw1-az${z}`) };
        case "azure-native:authorization:getClientConfig":
            return { clientId: guid("deployer-client"), objectId: azureDeployerObjectId, subscriptionId: azureSubscriptionId, tenantId: azureTenantId };
        case "azure-native:containerservice:listManagedClusterUserCredentials": {
            const name = args.inputs.resourceName;
            const kubeconfig = [
                "apiVersion: v1", "kind: Config",
                "clusters:", `- name: ${name}`, "  cluster:", `    certificate-authority-data: ${certificate}`, `    server: https://${name}-dns.hcp.example.azmk8s.io:443`,
                "contexts:", `- name: ${name}`, "  context:", `    cluster: ${name}`, `    user: clusterUser_${args.inputs.resourceGroupName}_${name}`,
                `current-context: ${name}`,
                "users:", `- name: clusterUser_${args.inputs.resourceGroupName}_${name}`, "  user:", "    client-certificate-data: Zm9v", "    client-key-data: YmFy", "    token: 0123456789abcdef",
            ].join("\n");
            return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] };
        }
        default:
            throw new Error(`no fake for invoke ${args.token}`);
    }
}
