// Submodule imports: the root module's declarations cost tsc twice the time for nothing.
import * as iam from "@pulumi/gcp/iam";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { assertRepository, githubIssuer, githubSubject, gkeNodeRoles, namesFor } from "@trinity/infra-shared";

/**
 * Every API the cluster stack, ESO and the secret backends use. The foundation enables them, so a fresh project has
 * one order that works: Bootstrap, then SecretBackendsApply (Secret Manager is on), then Deploy. Left enabled on
 * destroy: other things in the project may use them.
 */
export const requiredApis = [
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "secretmanager.googleapis.com",
    "serviceusage.googleapis.com",
    "sts.googleapis.com",
] as const;

/** What the deploy identity needs to run the cluster stack and read the cluster for WaitForSync and Validate. */
export const deployRoles = [
    "roles/container.admin",               // the GKE cluster and node pool; Kubernetes RBAC admin through GKE IAM
    "roles/compute.networkViewer",         // the default network the cluster joins
    "roles/iam.serviceAccountUser",        // nodes run as the cluster stack's node service account (actAs)
    "roles/iam.serviceAccountAdmin",       // that node account, and the workload identity binding on the ESO reader
    "roles/secretmanager.viewer",          // the backend's state (names, versions, never values) for Preflight and Drift
    "roles/serviceusage.serviceUsageAdmin", // a later version of the stack may need one more API
] as const;

/** The condition that limits a projectIamAdmin grant to adding or removing the GKE node roles. */
export const nodeRolesOnly =
    `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${gkeNodeRoles.map(r => `'${r}'`).join(", ")}])`;

/**
 * What the validate identity needs: container.clusters.get, without which GKE refuses its token, and no access to
 * Kubernetes objects; what it may read there comes from the cluster stack's ClusterRoleBinding.
 */
export const validateRoles = [
    "roles/container.clusterViewer",
] as const;

/**
 * What outlives every cluster of one environment on GCP: the APIs, GitHub's workload identity federation (a pool
 * and a provider pinned to this repository), a deploy, a secrets and a read-only validate service account, each
 * impersonable only from its GitHub environment, and the ESO reader with access to this environment's secrets by
 * name prefix. The prefix binding is a project-level IAM condition, which works before any secret exists:
 * SecretBackendsApply and Deploy can run in either order. Run once by an administrator
 * (`./build.sh Bootstrap --cloud gcp`); protected.
 */
export function trinityFoundationGcp() {
    const config = new pulumi.Config("trinity");
    const names = namesFor(config.require("env"), "gcp");
    const repository = assertRepository(config.require("githubRepository"));
    const project = new pulumi.Config("gcp").require("project");
    const keep: pulumi.CustomResourceOptions = { protect: true };
    const projectNumber = getProjectOutput({ projectId: project }).number;

    const apis = requiredApis.map(api => new projects.Service(names.resource(`api-${api.split(".")[0]}`), {
        project,
        service: api,
        disableOnDestroy: false,
        disableDependentServices: false,
    }, keep));
    const afterApis: pulumi.CustomResourceOptions = { ...keep, dependsOn: apis };

    // GitHub has one issuer for every organisation: the condition is what keeps other repositories out.
    const pool = new iam.WorkloadIdentityPool(names.resource("github-pool"), {
        project,
        workloadIdentityPoolId: `${names.cluster}-github`,
        displayName: `GitHub ${names.env}`,
        description: `GitHub Actions of ${repository}, environment ${names.env}`,
    }, afterApis);
    const provider = new iam.WorkloadIdentityPoolProvider(names.resource("github-provider"), {
        project,
        workloadIdentityPoolId: pool.workloadIdentityPoolId,
        workloadIdentityPoolProviderId: "github",
        displayName: "GitHub Actions",
        attributeMapping: {
            "google.subject": "assertion.sub",
            "attribute.repository": "assertion.repository",
            "attribute.environment": "assertion.environment",
        },
        attributeCondition: `assertion.repository == '${repository}'`,
        oidc: { issuerUri: githubIssuer },
    }, keep);

    const account = (part: string, accountId: string, displayName: string) =>
        new serviceaccount.Account(names.resource(part), { project, accountId, displayName }, afterApis);
    /** Only the job whose OIDC subject is exactly this environment's may act as the account. */
    const impersonableFrom = (part: string, target: serviceaccount.Account, environment: string) =>
        new serviceaccount.IAMMember(names.resource(part), {
            serviceAccountId: target.name,
            role: "roles/iam.workloadIdentityUser",
            member: pulumi.interpolate`principal://iam.googleapis.com/${pool.name}/subject/${githubSubject(repository, environment)}`,
        }, keep);

    const deploy = account("deploy-gsa", names.deployIdentity, `Deploys ${names.cluster} (GitHub ${names.deployEnvironment})`);
    impersonableFrom("deploy-github", deploy, names.deployEnvironment);
    for (const role of deployRoles) {
        new projects.IAMMember(names.resource(`deploy-${role.split("/")[1].replace(/\./g, "-")}`), {
            project,
            role,
            member: deploy.member,
        }, keep);
    }

    // The node account's project roles: the deploy identity may grant exactly those, nothing else. IAM evaluates the
    // condition on the grants a setIamPolicy call changes (docs/kubernetes.md, "limit the roles a principal grants").
    new projects.IAMMember(names.resource("deploy-node-roles-admin"), {
        project,
        role: "roles/resourcemanager.projectIamAdmin",
        member: deploy.member,
        condition: {
            title: "GKE node roles only",
            description: `${names.deployEnvironment} grants the ${names.cluster} node service account its roles, no other`,
            expression: nodeRolesOnly,
        },
    }, keep);

    const secrets = account("secrets-gsa", names.secretsIdentity, `Backend secrets of ${names.cluster} (GitHub ${names.secretsEnvironment})`);
    impersonableFrom("secrets-github", secrets, names.secretsEnvironment);
    new projects.IAMMember(names.resource("secrets-admin"), {
        project,
        role: "roles/secretmanager.admin",
        member: secrets.member,
    }, keep);

    const validate = account("validate-gsa", names.validateIdentity, `Validates ${names.cluster}, read-only (GitHub ${names.validateEnvironment})`);
    impersonableFrom("validate-github", validate, names.validateEnvironment);
    for (const role of validateRoles) {
        new projects.IAMMember(names.resource(`validate-${role.split("/")[1].replace(/\./g, "-")}`), {
            project,
            role,
            member: validate.member,
        }, keep);
    }

    // ESO reads this environment's catalog secrets only; the condition names them by prefix, so it holds for secrets
    // SecretBackendsApply creates later. The cluster stack adds the Kubernetes service account's binding.
    const externalSecrets = account("eso-gsa", names.externalSecretsIdentity, `External Secrets Operator, ${names.cluster}`);
    const secretPrefix = pulumi.interpolate`projects/${projectNumber}/secrets/${names.cluster}-`;
    new projects.IAMMember(names.resource("eso-secret-accessor"), {
        project,
        role: "roles/secretmanager.secretAccessor",
        member: externalSecrets.member,
        condition: {
            title: `${names.cluster} backend secrets`,
            description: `Secret Manager secrets whose names start with ${names.cluster}-`,
            expression: pulumi.interpolate`resource.name.startsWith("${secretPrefix}")`,
        },
    }, keep);

    return {
        project: pulumi.output(project),
        projectNumber,
        githubRepository: pulumi.output(repository),
        workloadIdentityProvider: provider.name,
        deployServiceAccountEmail: deploy.email,
        secretsServiceAccountEmail: secrets.email,
        validateServiceAccountEmail: validate.email,
        externalSecretsServiceAccountEmail: externalSecrets.email,
        externalSecretsServiceAccountName: externalSecrets.name,
        deployEnvironment: pulumi.output(names.deployEnvironment),
        secretsEnvironment: pulumi.output(names.secretsEnvironment),
        validateEnvironment: pulumi.output(names.validateEnvironment),
    };
}
