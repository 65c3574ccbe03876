import { trinityFoundationAws } from "./program";

const foundation = trinityFoundationAws();

export const region = foundation.region;
export const githubRepository = foundation.githubRepository;
export const githubOidcProviderArn = foundation.githubOidcProviderArn;
export const deployRoleArn = foundation.deployRoleArn;
export const secretsRoleArn = foundation.secretsRoleArn;
export const validateRoleArn = foundation.validateRoleArn;
export const deployEnvironment = foundation.deployEnvironment;
export const secretsEnvironment = foundation.secretsEnvironment;
export const validateEnvironment = foundation.validateEnvironment;
