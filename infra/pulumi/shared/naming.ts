// Every name the stacks use derives from (env, cloud) here and nowhere else. The build's
// Platform/Naming mirrors this table; tests/shared.spec.ts pins the values both must agree on.
import * as path from "node:path";

export const clouds = ["aws", "gcp", "azure"] as const;
export type Cloud = (typeof clouds)[number];

// Short on purpose: the tightest derived limits are the GCP service account id (6-30 chars,
// "trinity-<env>-gcp-eso") and the Key Vault name (3-24 chars, "trinity-<env>-<6 random>").
export const envPattern = /^[a-z][a-z0-9]{1,7}$/;

export const argoCdNamespace = "argocd";
export const externalSecretsNamespace = "external-secrets";
export const externalSecretsServiceAccount = "external-secrets";
/** The only Kubernetes identity any cloud role trusts. */
export const externalSecretsSubject =
    `system:serviceaccount:${externalSecretsNamespace}:${externalSecretsServiceAccount}`;

export interface BackendSecret {
    /** Stack config key holding the value; read by the SecretBackends build path, never by the stacks. */
    readonly configKey: string;
    /** Name of the secret in the cloud's backend (Secrets Manager, Secret Manager, Key Vault). */
    readonly name: string;
}

const backendSecretCatalog: ReadonlyArray<{ configKey: string; suffix: string }> = [
    { configKey: "trinity:secretsDemoValue", suffix: "secrets-demo" },
    { configKey: "trinity:grafanaCloudRemoteWriteUrl", suffix: "grafana-cloud-remote-write-url" },
    { configKey: "trinity:grafanaCloudPrometheusUsername", suffix: "grafana-cloud-remote-write-username" },
    { configKey: "trinity:grafanaCloudPrometheusPassword", suffix: "grafana-cloud-remote-write-password" },
];

export interface TrinityNames {
    readonly env: string;
    readonly cloud: Cloud;
    /** `trinity-<env>-<cloud>`: the cluster, and the prefix of every other name. */
    readonly cluster: string;
    /** The root Application's name; Git sets it in rootsDirectory, the stack only reports it. */
    readonly rootApplication: string;
    /** `platform/argocd/roots/<env>-<cloud>`, relative to the repository: the root Application the stack applies. */
    readonly rootsDirectory: string;
    /** The cloud identity that External Secrets Operator assumes (IAM role, Google SA, managed identity). */
    readonly externalSecretsIdentity: string;
    readonly kubernetesProvider: string;
    readonly backendSecrets: readonly BackendSecret[];
    /** Logical (Pulumi) name of a resource of this stack: `<cluster>-<part>`. */
    resource(part: string): string;
}

export function assertEnv(env: string): string {
    if (!envPattern.test(env)) {
        throw new Error(
            `trinity:env must match ${envPattern} (2-8 chars, lowercase letters and digits, starting with a letter); got "${env}"`);
    }
    return env;
}

export function namesFor(env: string, cloud: Cloud): TrinityNames {
    assertEnv(env);
    if (!clouds.includes(cloud)) {
        throw new Error(`cloud must be one of ${clouds.join(", ")}; got "${cloud}"`);
    }
    const cluster = `trinity-${env}-${cloud}`;
    return {
        env,
        cloud,
        cluster,
        rootApplication: `${cluster}-root`,
        rootsDirectory: `platform/argocd/roots/${env}-${cloud}`,
        externalSecretsIdentity: `${cluster}-eso`,
        kubernetesProvider: `${cluster}-k8s`,
        backendSecrets: backendSecretCatalog.map(s => ({ configKey: s.configKey, name: `${cluster}-${s.suffix}` })),
        resource: (part: string) => `${cluster}-${part}`,
    };
}

/**
 * The absolute path of a repository path, seen from a program in infra/pulumi/<cloud> (its __dirname): the
 * repository root is three levels up. Absolute because the Kubernetes provider, not the program, reads the
 * folder; from the program, so the answer does not depend on how node resolved the workspace link to this module.
 */
export function inRepository(programDirectory: string, repositoryPath: string): string {
    return path.resolve(programDirectory, "..", "..", "..", repositoryPath);
}

const keyVaultNamePattern = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/**
 * Key Vault names are global and stay reserved while a vault is soft-deleted, so every vault gets
 * a random suffix: `trinity-<env>-<suffix>`, at most 24 chars.
 */
export function keyVaultName(env: string, suffix: string): string {
    const name = `trinity-${assertEnv(env)}-${suffix}`;
    if (!keyVaultNamePattern.test(name)) {
        throw new Error(`Key Vault name "${name}" must be 3-24 letters, digits and single hyphens, start with a letter and not end with a hyphen`);
    }
    return name;
}
/** Length of the random vault-name suffix; with the longest env the name is 23 chars. */
export const keyVaultSuffixLength = 6;
