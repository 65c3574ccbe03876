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
 * it reports a health of its own, and while that health was computed for another source than its spec
 * names (status.sync.comparedTo is what the controller last compared): right after the root changed a
 * child's path or revision, the child's Healthy still describes the old one (docs/argocd.md, "Stale
 * child health"). Argo CD runs this under gopher-lua, Lua 5.1: tests run it under lua5.1 too.
 */
export const applicationHealthLua = `local hs = { status = "Progressing", message = "" }
if obj.status == nil or obj.status.health == nil or obj.status.health.status == nil then
  return hs
end
-- Argo CD omits empty fields from comparedTo: absent and "" are the same value.
local function text(value)
  if value == nil then return "" end
  return tostring(value)
end
local fields = { "repoURL", "path", "chart", "targetRevision" }
local function differs(where, wanted, compared)
  for _, field in ipairs(fields) do
    local want = text(wanted[field])
    local got = text(compared[field])
    if want ~= got then
      return where .. "." .. field .. " is '" .. want .. "' but health was computed for '" .. got .. "'"
    end
  end
  return nil
end
local function stale()
  local spec = obj.spec or {}
  local compared = obj.status.sync and obj.status.sync.comparedTo
  -- The controller writes comparedTo with every health it computes; a status without one names nothing to
  -- compare with, and is taken as it is rather than held Progressing for good.
  if compared == nil then
    return nil
  end
  if spec.sources ~= nil and #spec.sources > 0 then
    local sources = compared.sources or {}
    if #sources ~= #spec.sources then
      return "spec.sources has " .. #spec.sources .. " sources but health was computed for " .. #sources
    end
    for i, source in ipairs(spec.sources) do
      local why = differs("spec.sources[" .. i .. "]", source, sources[i])
      if why ~= nil then return why end
    end
    return nil
  end
  return differs("spec.source", spec.source or {}, compared.source or {})
end
local why = stale()
if why ~= nil then
  hs.message = "waiting for a health of the current source: " .. why
  return hs
end
hs.status = obj.status.health.status
if obj.status.health.message ~= nil then
  hs.message = obj.status.health.message
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
 * defining the Application a second time. Its CRD comes with the Argo CD release, ESO's wave runs as the
 * external-secrets ServiceAccount the stack annotates (and its namespace), and on teardown the root must go first,
 * while Argo CD still runs to cascade its finalizer to the children and before the identity they use is gone.
 */
export function rootApplication(
    names: TrinityNames, directory: string, provider: Provider, needs: pulumi.Resource[]): kustomize.Directory {
    return new kustomize.Directory(names.rootApplication, { directory }, { provider, dependsOn: needs });
}
