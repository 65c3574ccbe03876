import * as helm from "@pulumi/kubernetes/helm/v3";
import * as kustomize from "@pulumi/kubernetes/kustomize/v2";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { argoCdNamespace, TrinityNames } from "./naming";

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

/**
 * The app-of-apps root: everything else on the cluster comes from Git through it, and so does the root itself.
 * The stack applies the rendering of `directory` (platform/argocd/roots/<env>-<cloud>, absolute) rather than
 * defining the Application a second time. Its CRD comes with the Argo CD release, and on teardown the root must
 * go first, while Argo CD still runs to cascade its finalizer to the children.
 */
export function rootApplication(
    names: TrinityNames, directory: string, provider: Provider, argoCdRelease: pulumi.Resource): kustomize.Directory {
    return new kustomize.Directory(names.rootApplication, { directory }, { provider, dependsOn: [argoCdRelease] });
}
