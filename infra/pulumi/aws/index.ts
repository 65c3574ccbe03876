import { trinityAws } from "./program";

const stack = trinityAws();

export const kubeconfig = stack.kubeconfig;
export const clusterName = stack.clusterName;
export const region = stack.region;
export const vpcId = stack.vpcId;
export const oidcProviderArn = stack.oidcProviderArn;
export const oidcIssuerUrl = stack.oidcIssuerUrl;
export const externalSecretsRoleArn = stack.externalSecretsRoleArn;
export const rootApplication = stack.rootApplication;
