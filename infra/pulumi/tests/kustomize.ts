// Renders a kustomization with the real kubectl, the same kustomize that the Pulumi provider and Argo CD run.
import { execFileSync, spawnSync } from "node:child_process";
import * as yaml from "js-yaml";

/** Tests that render skip, naming the reason, where kubectl is not installed. */
export const kubectlMissing = spawnSync("kubectl", ["version", "--client"]).error !== undefined;

export function kustomize(directory: string): any[] {
    const rendered = execFileSync("kubectl", ["kustomize", directory], { encoding: "utf8" });
    return yaml.loadAll(rendered).filter(o => o !== null && o !== undefined);
}
