import * as core from "@pulumi/kubernetes/core/v1";
import * as helm from "@pulumi/kubernetes/helm/v3";
import * as kustomize from "@pulumi/kubernetes/kustomize/v2";
import { Provider } from "@pulumi/kubernetes/provider";
import * as rbac from "@pulumi/kubernetes/rbac/v1";
import * as pulumi from "@pulumi/pulumi";
import { argoCd, rootApplication } from "./argocd";
import {
    externalSecretsNamespace, externalSecretsServiceAccount, inRepository, TrinityNames, validateClusterRole,
} from "./naming";

export interface ExecCredential {
    readonly command: string;
    readonly args: string[];
    readonly installHint: string;
}

/** A kubeconfig (JSON, which is YAML) whose user gets its token from a cloud CLI at use time. */
export function execKubeconfig(
    cluster: string, server: string, certificateAuthorityData: string, exec: ExecCredential): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: cluster, cluster: { server, "certificate-authority-data": certificateAuthorityData } }],
        contexts: [{ name: cluster, context: { cluster, user: cluster } }],
        "current-context": cluster,
        users: [{
            name: cluster,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: exec.command,
                    args: exec.args,
                    installHint: exec.installHint,
                    interactiveMode: "Never",
                    provideClusterInfo: false,
                },
            },
        }],
    });
}

export interface ClusterBootstrapArgs {
    /** The program's __dirname: the root Application's folder in Git is found from it. */
    readonly programDirectory: string;
    readonly kubeconfig: pulumi.Input<string>;
    /** The cloud identity binding of the ESO service account (role ARN, Google SA, client id). */
    readonly serviceAccountAnnotations: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Nodes to wait for: Argo CD's release waits for its pods, which need somewhere to run. */
    readonly dependsOn?: pulumi.Resource[];
    /**
     * Who the validate identity is in Kubernetes: the group its EKS access entry puts it in, or the user GKE names
     * after its email. Absent on AKS, whose user credential is not tied to an Azure identity (azure/program.ts).
     */
    readonly validateSubject?: ValidateSubject;
}

/** An RBAC subject the cloud maps the validate identity to. */
export interface ValidateSubject {
    readonly kind: "Group" | "User";
    readonly name: pulumi.Input<string>;
}

/**
 * Exactly what WaitForSync, Validate and Drift read (build/Platform: ArgoCd, ExternalSecrets, Kubernetes, Prometheus, Drift), and
 * no verb that writes: the daily job that runs as this role can see the platform, never change it.
 */
export const validatorRules = [
    // The root's child Applications, wave by wave, and their projects.
    { apiGroups: ["argoproj.io"], resources: ["applications", "appprojects"], verbs: ["get", "list", "watch"] },
    // ESO's objects and their Ready conditions.
    { apiGroups: ["external-secrets.io"], resources: ["externalsecrets", "clustersecretstores", "secretstores"], verbs: ["get", "list", "watch"] },
    // Pods and the events that say why one is pending or an ExternalSecret did not update; Prometheus's log.
    { apiGroups: [""], resources: ["pods", "events", "services", "namespaces"], verbs: ["get", "list", "watch"] },
    { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
    // Validate checks that each ExternalSecret's target Secret exists and has its keys. Get by name only: a get
    // returns the values too, a list would return every Secret's.
    { apiGroups: [""], resources: ["secrets"], verbs: ["get"] },
    // Prometheus's /-/ready and /api/v1/query, through the API server's service proxy (GET only).
    { apiGroups: [""], resources: ["services/proxy"], verbs: ["get"] },
    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch"] },
    // Whether ESO's CRDs are installed at all; Drift reads a custom resource's schema for its defaults.
    { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["get"] },
    // Drift compares each out-of-sync object with Git: the other kinds platform/ renders, by name.
    { apiGroups: [""], resources: ["configmaps", "serviceaccounts"], verbs: ["get"] },
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles", "clusterrolebindings"], verbs: ["get"] },
];

/** The ClusterRole `trinity-validate` and its binding to the validate identity's subject. */
export function validatorAccess(names: TrinityNames, provider: Provider, subject: ValidateSubject): rbac.ClusterRoleBinding {
    const role = new rbac.ClusterRole(names.resource("validate-role"), {
        metadata: { name: validateClusterRole },
        rules: validatorRules,
    }, { provider });
    return new rbac.ClusterRoleBinding(names.resource("validate-binding"), {
        metadata: { name: validateClusterRole },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: subject.kind, name: subject.name }],
    }, { provider });
}

export interface ClusterBootstrap {
    readonly provider: Provider;
    readonly externalSecretsServiceAccount: core.ServiceAccount;
    readonly argoCd: helm.Release;
    /** platform/argocd/roots/<env>-<cloud>, applied. */
    readonly root: kustomize.Directory;
    /** The root Application's name, once the root is applied. */
    readonly rootApplication: pulumi.Output<string>;
    /** The validate identity's read-only access, where the cloud maps that identity to a Kubernetes subject. */
    readonly validatorAccess?: rbac.ClusterRoleBinding;
}

/**
 * What every cluster gets once it exists: the ESO service account, Argo CD, the root app and, given a subject, the
 * validate identity's read-only access.
 */
export function bootstrapCluster(names: TrinityNames, args: ClusterBootstrapArgs): ClusterBootstrap {
    const provider = new Provider(names.kubernetesProvider, {
        kubeconfig: args.kubeconfig,
    }, { dependsOn: args.dependsOn });
    const namespace = new core.Namespace(names.resource("external-secrets-ns"), {
        metadata: { name: externalSecretsNamespace },
    }, { provider });
    const serviceAccount = new core.ServiceAccount(names.resource("external-secrets-sa"), {
        metadata: {
            name: externalSecretsServiceAccount,
            namespace: namespace.metadata.name,
            annotations: args.serviceAccountAnnotations,
        },
    }, { provider });
    const release = argoCd(names, provider);
    const root = rootApplication(names, inRepository(args.programDirectory, names.rootsDirectory), provider,
        [release, namespace, serviceAccount]);
    return {
        provider,
        externalSecretsServiceAccount: serviceAccount,
        argoCd: release,
        root,
        rootApplication: root.urn.apply(() => names.rootApplication),
        validatorAccess: args.validateSubject && validatorAccess(names, provider, args.validateSubject),
    };
}
