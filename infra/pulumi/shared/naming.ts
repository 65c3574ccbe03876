// Every name the stacks use derives from (env, cloud) here and nowhere else. The build's
// Platform/Naming mirrors this table; tests/shared.spec.ts pins the values both must agree on.
import * as path from "node:path";

export const clouds = ["aws", "gcp", "azure"] as const;
export type Cloud = (typeof clouds)[number];

// Short on purpose: the tightest derived limits are the GCP service account id (6-30 chars; the longest,
// "trinity-<env>-gcp-validate", is 29 with an 8-char env) and the Key Vault name (3-24 chars,
// "trinity-<env>-<6 random>").
export const envPattern = /^[a-z][a-z0-9]{1,7}$/;

export const argoCdNamespace = "argocd";
export const externalSecretsNamespace = "external-secrets";
export const externalSecretsServiceAccount = "external-secrets";
/**
 * The ClusterRole that lets the validate identity read what WaitForSync and Validate read, and the Kubernetes group
 * EKS puts that identity in (its access entry's kubernetesGroups); the same in every env, as cluster-scoped names.
 */
export const validateClusterRole = "trinity-validate";
export const validateKubernetesGroup = "trinity-validate";
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
    /** The Google service account GKE's nodes run as (GCP only): least privilege instead of the default compute one. */
    readonly nodeIdentity: string;
    readonly kubernetesProvider: string;
    /** The identity the deploy workflows sign in as (`<env>-<cloud>` GitHub environment): runs the cluster stack. */
    readonly deployIdentity: string;
    /** The identity the secret-backends workflow signs in as (`secrets-<env>-<cloud>`): writes backend secrets. */
    readonly secretsIdentity: string;
    /** The identity the daily Validate job signs in as (`validate-<env>-<cloud>`): reads the cluster, writes nothing. */
    readonly validateIdentity: string;
    /** The GitHub environment of the deploy jobs; the OIDC subject names it. */
    readonly deployEnvironment: string;
    /** The GitHub environment of the secret-backend jobs. */
    readonly secretsEnvironment: string;
    /** The GitHub environment of the Validate jobs: no reviewers, so a schedule can run it. */
    readonly validateEnvironment: string;
    /** The Pulumi project of this cloud's foundation stack (stack `<env>`). */
    readonly foundationProject: string;
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
        nodeIdentity: `${cluster}-nodes`,
        kubernetesProvider: `${cluster}-k8s`,
        deployIdentity: `${cluster}-deploy`,
        secretsIdentity: `${cluster}-secrets`,
        validateIdentity: `${cluster}-validate`,
        deployEnvironment: `${env}-${cloud}`,
        secretsEnvironment: `secrets-${env}-${cloud}`,
        validateEnvironment: `validate-${env}-${cloud}`,
        foundationProject: `trinity-foundation-${cloud}`,
        backendSecrets: backendSecretCatalog.map(s => ({ configKey: s.configKey, name: `${cluster}-${s.suffix}` })),
        resource: (part: string) => `${cluster}-${part}`,
    };
}

/** Where GitHub Actions' OIDC tokens come from, for every repository. */
export const githubIssuer = "https://token.actions.githubusercontent.com";

const repositoryPattern = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** trinity:githubRepository, `owner/name`: the only repository whose workflows the foundation trusts. */
export function assertRepository(repository: string): string {
    if (!repositoryPattern.test(repository)) {
        throw new Error(`trinity:githubRepository must be owner/name (letters, digits, ".", "_", "-"); got "${repository}"`);
    }
    return repository;
}

/** The `sub` claim of a GitHub Actions job that runs in <environment> of <repository>: exact, never a wildcard. */
export function githubSubject(repository: string, environment: string): string {
    return `repo:${assertRepository(repository)}:environment:${environment}`;
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
 * trinity:keyVaultName, committed in the Azure foundation's stack config. Vault names are global and stay reserved
 * while a vault is soft-deleted, so the name is chosen once, committed, and Git's ClusterSecretStore repeats it
 * (Verify compares the two); the vault lives in the foundation, so no cluster teardown tombstones it.
 */
export function assertKeyVaultName(name: string): string {
    if (!keyVaultNamePattern.test(name)) {
        throw new Error(`trinity:keyVaultName "${name}" must be 3-24 letters, digits and single hyphens, start with a letter and not end with a hyphen`);
    }
    return name;
}

/** The URL of a vault; the ClusterSecretStore's spec.provider.azurekv.vaultUrl must be exactly this. */
export function keyVaultUrl(name: string): string {
    return `https://${assertKeyVaultName(name)}.vault.azure.net/`;
}

/** The fully qualified name of this cloud's foundation stack, as the cluster stack references it. */
export function foundationStack(names: TrinityNames, organization: string): string {
    return `${organization}/${names.foundationProject}/${names.env}`;
}
