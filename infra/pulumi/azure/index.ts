import { trinityAzure } from "./program";

const stack = trinityAzure();

export const kubeconfig = stack.kubeconfig;
export const clusterName = stack.clusterName;
export const resourceGroupName = stack.resourceGroupName;
export const oidcIssuerUrl = stack.oidcIssuerUrl;
export const externalSecretsClientId = stack.externalSecretsClientId;
export const tenantId = stack.tenantId;
export const keyVaultName = stack.keyVaultName;
export const keyVaultUrl = stack.keyVaultUrl;
export const rootApplication = stack.rootApplication;
