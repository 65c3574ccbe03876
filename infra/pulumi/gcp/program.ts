// Submodule imports: the root module's declarations cost tsc twice the time for nothing.
import * as container from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import {
    apiAuthorizedCidrs, bootstrapCluster, execKubeconfig, externalSecretsNamespace, externalSecretsServiceAccount, foundationOf,
    gkeNodeRoles, kubernetesVersion, namesFor,
} from "@trinity/infra-shared";

/**
 * A zonal GKE cluster with exactly two nodes, Workload Identity for ESO, Argo CD and the root app. The APIs, the ESO
 * reader and its access to the backend secrets come from the foundation stack; this stack only lets the cluster's
 * ESO service account act as that reader (the binding needs the cluster's workload pool, which the cluster creates).
 */
export function trinityGcp() {
    const config = new pulumi.Config("trinity");
    const names = namesFor(config.require("env"), "gcp");
    const gcpConfig = new pulumi.Config("gcp");
    const project = gcpConfig.require("project");
    // Zonal on purpose: a node pool's nodeCount is per zone, so a regional cluster would run six.
    const zone = gcpConfig.require("zone");
    const labels = { platform: "trinity", env: names.env, cloud: names.cloud };
    const workloadPool = `${project}.svc.id.goog`;
    const foundation = foundationOf(names);
    const version = kubernetesVersion(__dirname, names);
    const authorizedCidrs = apiAuthorizedCidrs(config);

    // The nodes' own identity: the default compute account often holds Editor on the project, and whatever can reach
    // a node's credentials acts as it. This one may only write logs and metrics and pull images (docs/kubernetes.md).
    const nodeAccount = new serviceaccount.Account(names.resource("nodes-gsa"), {
        project,
        accountId: names.nodeIdentity,
        displayName: `GKE nodes of ${names.cluster}`,
    });
    const nodeRoles = gkeNodeRoles.map(role =>
        new projects.IAMMember(names.resource(`nodes-${role.split("/")[1].replace(/\./g, "-")}`), { project, role, member: nodeAccount.member }));

    const cluster = new container.Cluster(names.resource("cluster"), {
        name: names.cluster,
        project,
        location: zone,
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        workloadIdentityConfig: { workloadPool },
        // The environment's minor (platform/environments/<env>.yaml) as the floor GKE creates the control plane at; the
        // REGULAR channel offers it and upgrades patches. Nodes are created at the control plane's version and follow
        // it (auto-upgrade is mandatory on a channel, so the pool names no version of its own to fight it).
        minMasterVersion: version,
        releaseChannel: { channel: "REGULAR" },
        ...(authorizedCidrs ? {
            masterAuthorizedNetworksConfig: {
                cidrBlocks: authorizedCidrs.map(cidrBlock => ({ cidrBlock, displayName: "trinity:apiAuthorizedCidrs" })),
            },
        } : {}),
        // Destroy is a supported path of the build (./build.sh Destroy); protection would make it fail halfway.
        deletionProtection: false,
        resourceLabels: labels,
    });

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
            // Google's advice with a dedicated account: the broad scope, and the account's roles decide what nodes may do.
            serviceAccount: nodeAccount.email,
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            // Pods see the GKE metadata server, which is what makes Workload Identity work.
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            labels,
        },
    }, { dependsOn: nodeRoles });

    const externalSecretsEmail = foundation.output("externalSecretsServiceAccountEmail");
    // The workload pool exists once the cluster does; the binding before it is rejected.
    new serviceaccount.IAMMember(names.resource("eso-workload-identity"), {
        serviceAccountId: foundation.output("externalSecretsServiceAccountName"),
        role: "roles/iam.workloadIdentityUser",
        member: `serviceAccount:${workloadPool}[${externalSecretsNamespace}/${externalSecretsServiceAccount}]`,
    }, { dependsOn: [cluster] });

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
        serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": externalSecretsEmail },
        // GKE names a Google identity's Kubernetes user after its email; the foundation gave the validate account
        // container.clusterViewer only, so this binding is all it may read in the cluster.
        validateSubject: { kind: "User", name: foundation.output("validateServiceAccountEmail") },
    });

    return {
        kubeconfig,
        clusterName: cluster.name,
        project: pulumi.output(project),
        location: pulumi.output(zone),
        workloadPool: pulumi.output(workloadPool),
        externalSecretsServiceAccountEmail: externalSecretsEmail,
        rootApplication: bootstrap.rootApplication,
    };
}
