import { trinityFoundationGcp } from "./program";

const foundation = trinityFoundationGcp();

export const project = foundation.project;
export const projectNumber = foundation.projectNumber;
export const githubRepository = foundation.githubRepository;
export const workloadIdentityProvider = foundation.workloadIdentityProvider;
export const deployServiceAccountEmail = foundation.deployServiceAccountEmail;
export const secretsServiceAccountEmail = foundation.secretsServiceAccountEmail;
export const validateServiceAccountEmail = foundation.validateServiceAccountEmail;
export const externalSecretsServiceAccountEmail = foundation.externalSecretsServiceAccountEmail;
export const externalSecretsServiceAccountName = foundation.externalSecretsServiceAccountName;
export const deployEnvironment = foundation.deployEnvironment;
export const secretsEnvironment = foundation.secretsEnvironment;
export const validateEnvironment = foundation.validateEnvironment;
