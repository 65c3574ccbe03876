// Submodule imports: the root module's declarations cost tsc twice the time for nothing.
import * as container from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import {
    bootstrapCluster, execKubeconfig, externalSecretsNamespace, externalSecretsServiceAccount, namesFor,
} from "@trinity/infra-shared";

/** APIs the stack and ESO need; left enabled on destroy, other things in the project may use them. */
export const requiredApis = [
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "secretmanager.googleapis.com",
    "sts.googleapis.com",
] as const;

/** A zonal GKE cluster with exactly two nodes, Workload Identity for ESO, Argo CD and the root app. */
export function trinityGcp() {
    const names = namesFor(new pulumi.Config("trinity").require("env"), "gcp");
    const gcpConfig = new pulumi.Config("gcp");
    const project = gcpConfig.require("project");
    // Zonal on purpose: a node pool's nodeCount is per zone, so a regional cluster would run six.
    const zone = gcpConfig.require("zone");
    const labels = { platform: "trinity", env: names.env, cloud: names.cloud };
    const workloadPool = `${project}.svc.id.goog`;

    const apis = requiredApis.map(api => new projects.Service(names.resource(`api-${api.split(".")[0]}`), {
        project,
        service: api,
        disableOnDestroy: false,
        disableDependentServices: false,
    }));

    const cluster = new container.Cluster(names.resource("cluster"), {
        name: names.cluster,
        project,
        location: zone,
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        workloadIdentityConfig: { workloadPool },
        releaseChannel: { channel: "REGULAR" },
        // Destroy is a supported path of the build (Down); protection would make it fail halfway.
        deletionProtection: false,
        resourceLabels: labels,
    }, { dependsOn: apis });

    const nodePool = new container.NodePool(names.resource("nodes"), {
        name: names.resource("nodes"),
        project,
        location: zone,
        cluster: cluster.name,
        nodeCount: 2,
        management: { autoRepair: true, autoUpgrade: true },
        nodeConfig: {
            machineType: "e2-standard-4",
            diskSizeGb: 50,
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            // Pods see the GKE metadata server, which is what makes Workload Identity work.
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            labels,
        },
    });

    const externalSecretsAccount = new serviceaccount.Account(names.resource("eso-gsa"), {
        project,
        accountId: names.externalSecretsIdentity,
        displayName: `External Secrets Operator, ${names.cluster}`,
    }, { dependsOn: apis });
    // The workload pool exists once the cluster does; the binding before it is rejected.
    new serviceaccount.IAMMember(names.resource("eso-workload-identity"), {
        serviceAccountId: externalSecretsAccount.name,
        role: "roles/iam.workloadIdentityUser",
        member: `serviceAccount:${workloadPool}[${externalSecretsNamespace}/${externalSecretsServiceAccount}]`,
    }, { dependsOn: [cluster] });
    // Read access per catalog secret, never project-wide. The secrets themselves belong to the
    // SecretBackends path, which must have created them before this stack binds to them.
    for (const secret of names.backendSecrets) {
        new secretmanager.SecretIamMember(`${secret.name}-accessor`, {
            project,
            secretId: secret.name,
            role: "roles/secretmanager.secretAccessor",
            member: pulumi.interpolate`serviceAccount:${externalSecretsAccount.email}`,
        }, { dependsOn: apis });
    }

    const kubeconfig = pulumi.secret(
        pulumi.all([cluster.name, cluster.endpoint, cluster.masterAuth]).apply(([name, endpoint, auth]) =>
            execKubeconfig(name, `https://${endpoint}`, auth.clusterCaCertificate, {
                command: "gke-gcloud-auth-plugin",
                args: [],
                installHint: "Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin) and run gcloud auth login.",
            })));

    const bootstrap = bootstrapCluster(names, {
        programDirectory: __dirname,
        kubeconfig,
        dependsOn: [nodePool],
        serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": externalSecretsAccount.email },
    });

    return {
        kubeconfig,
        clusterName: cluster.name,
        project: pulumi.output(project),
        location: pulumi.output(zone),
        workloadPool: pulumi.output(workloadPool),
        externalSecretsServiceAccountEmail: externalSecretsAccount.email,
        rootApplication: bootstrap.rootApplication,
    };
}
