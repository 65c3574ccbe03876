import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { inRepository, TrinityNames } from "./naming";

/** `1.<minor>`, as platform/environments/<env>.yaml declares it (build/Platform/Naming/EnvironmentDeclaration.cs). */
export const kubernetesMinorPattern = /^1\.(\d+)$/;

/**
 * Where the environment declarations are read from: the repository's platform/environments, found from the program's
 * folder. The tests point it at a folder of their own, to run environments Git does not declare.
 */
export const environmentDeclarations = {
    folder: (programDirectory: string): string => inRepository(programDirectory, "platform/environments"),
};

/**
 * The Kubernetes minor every cluster of the environment runs: one value per environment, in its declaration, so the
 * three clouds cannot drift apart and Preflight checks the same value the stacks set. The stack name is the
 * environment; `trinity:env` names it here (Preflight checks they agree).
 */
export function kubernetesVersion(programDirectory: string, names: TrinityNames): string {
    const file = path.join(environmentDeclarations.folder(programDirectory), `${names.env}.yaml`);
    const shown = `platform/environments/${names.env}.yaml`;
    let declaration: unknown;
    try {
        declaration = yaml.load(readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`${shown} does not read (${(e as Error).message.split("\n")[0]}): declare the environment with AddEnvironment`);
    }
    const version = (declaration as { kubernetes?: unknown } | null)?.kubernetes;
    if (typeof version !== "string" || !kubernetesMinorPattern.test(version)) {
        throw new Error(`${shown}: kubernetes must be a quoted minor such as "1.33"; got ${JSON.stringify(version ?? null)}`);
    }
    return version;
}
