// Renders a kustomization with the real kubectl, the same kustomize that the Pulumi provider and Argo CD run.
import { execFileSync, spawnSync } from "node:child_process";
import * as yaml from "js-yaml";

/** Why tests that render must skip here (kubectl is not installed), or undefined when they can run. */
export const kubectlMissing: string | undefined = spawnSync("kubectl", ["version", "--client"]).error === undefined ? undefined
    : "kubectl is not on PATH, so what Git renders was not compared with the stack";

export function kustomize(directory: string): any[] {
    const rendered = execFileSync("kubectl", ["kustomize", directory], { encoding: "utf8" });
    return yaml.loadAll(rendered).filter(o => o !== null && o !== undefined);
}
