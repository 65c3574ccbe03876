import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as helm from "@pulumi/kubernetes/helm/v3";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { argoCdNamespace, gitRepoUrl, gitTargetRevision, TrinityNames } from "./naming";

export const argoCdChart = {
    name: "argo-cd",
    repo: "https://argoproj.github.io/argo-helm",
    // Chart 10.1.1 ships Argo CD v3.4.4; bump chart and appVersion together, never float.
    version: "10.1.1",
} as const;

/**
 * Argo CD 1.8 dropped health for argoproj.io/Application, so without this check every child app has
 * no health and the sync waves of the app-of-apps gate nothing. A child counts as Progressing until
 * it reports a health of its own.
 */
export const applicationHealthLua = `local hs = { status = "Progressing", message = "" }
if obj.status ~= nil and obj.status.health ~= nil and obj.status.health.status ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

export const argoCdValues = {
    configs: {
        cm: {
            "resource.customizations.health.argoproj.io_Application": applicationHealthLua,
        },
        params: {
            // CRD-defaulted fields (ESO) would otherwise show OutOfSync forever.
            "controller.diff.server.side": "true",
        },
    },
};

export function argoCd(names: TrinityNames, provider: Provider): helm.Release {
    return new helm.Release(names.resource("argocd"), {
        name: "argocd",
        chart: argoCdChart.name,
        version: argoCdChart.version,
        repositoryOpts: { repo: argoCdChart.repo },
        namespace: argoCdNamespace,
        createNamespace: true,
        values: argoCdValues,
        timeout: 900,
    }, { provider });
}

/** The app-of-apps root: everything else on the cluster comes from Git through it. */
export function rootApplication(
    names: TrinityNames, provider: Provider, argoCdRelease: pulumi.Resource): apiextensions.CustomResource {
    return new apiextensions.CustomResource(names.rootApplication, {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: names.rootApplication, namespace: argoCdNamespace },
        spec: {
            project: "default",
            source: { repoURL: gitRepoUrl, targetRevision: gitTargetRevision, path: names.overlayPath },
            destination: { server: "https://kubernetes.default.svc", namespace: argoCdNamespace },
            syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
    }, { provider, dependsOn: [argoCdRelease] });
}
