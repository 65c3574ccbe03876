import { trinityFoundationAzure } from "./program";

const foundation = trinityFoundationAzure();

export const tenantId = foundation.tenantId;
export const subscriptionId = foundation.subscriptionId;
export const githubRepository = foundation.githubRepository;
export const resourceGroupName = foundation.resourceGroupName;
export const keyVaultName = foundation.keyVaultName;
export const keyVaultId = foundation.keyVaultId;
export const keyVaultUrl = foundation.keyVaultUrl;
export const deployClientId = foundation.deployClientId;
export const deployPrincipalId = foundation.deployPrincipalId;
export const secretsClientId = foundation.secretsClientId;
export const validateClientId = foundation.validateClientId;
export const deployEnvironment = foundation.deployEnvironment;
export const secretsEnvironment = foundation.secretsEnvironment;
export const validateEnvironment = foundation.validateEnvironment;
