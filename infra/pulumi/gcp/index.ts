import { trinityGcp } from "./program";

const stack = trinityGcp();

export const kubeconfig = stack.kubeconfig;
export const clusterName = stack.clusterName;
export const project = stack.project;
export const location = stack.location;
export const workloadPool = stack.workloadPool;
export const externalSecretsServiceAccountEmail = stack.externalSecretsServiceAccountEmail;
export const rootApplication = stack.rootApplication;
