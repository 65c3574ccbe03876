import * as core from "@pulumi/kubernetes/core/v1";
import * as helm from "@pulumi/kubernetes/helm/v3";
import * as kustomize from "@pulumi/kubernetes/kustomize/v2";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { argoCd, rootApplication } from "./argocd";
import { externalSecretsNamespace, externalSecretsServiceAccount, inRepository, TrinityNames } from "./naming";

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
    readonly serviceAccountLabels?: Record<string, string>;
    /** Nodes to wait for: Argo CD's release waits for its pods, which need somewhere to run. */
    readonly dependsOn?: pulumi.Resource[];
}

export interface ClusterBootstrap {
    readonly provider: Provider;
    readonly externalSecretsServiceAccount: core.ServiceAccount;
    readonly argoCd: helm.Release;
    /** platform/argocd/roots/<env>-<cloud>, applied. */
    readonly root: kustomize.Directory;
    /** The root Application's name, once the root is applied. */
    readonly rootApplication: pulumi.Output<string>;
}

/** What every cluster gets once it exists: the ESO service account, Argo CD and the root app. */
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
            labels: args.serviceAccountLabels,
        },
    }, { provider });
    const release = argoCd(names, provider);
    const root = rootApplication(names, inRepository(args.programDirectory, names.rootsDirectory), provider, release);
    return {
        provider,
        externalSecretsServiceAccount: serviceAccount,
        argoCd: release,
        root,
        rootApplication: root.urn.apply(() => names.rootApplication),
    };
}
