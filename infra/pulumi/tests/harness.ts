// Runs a stack's program in-process against Pulumi's mocks and records everything it registered.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { environmentDeclarations, foundationStack, namesFor } from "@trinity/infra-shared";
import { fakeCall, fakeResource } from "./fakes";

interface RegisteredOptions { protect: boolean; retainOnDelete: boolean; dependsOn: string[] }

/** The options each resource was registered with; the mocks do not see them. */
const registeredOptions = new Map<string, RegisteredOptions>();

/** The logical names of explicit dependsOn resources (a Resource keeps its name in __name). */
function dependencyNames(dependsOn: unknown): string[] {
    const list = dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn : [dependsOn];
    return list.map(r => (r as { __name?: string }).__name ?? "<unnamed>");
}
{
    // Resource's constructor calls this module's registerResource through its exports object: wrapping the export
    // sees every resource's options (protect, retainOnDelete) before the mocks are asked.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = require("@pulumi/pulumi/runtime/resource");
    const register = runtime.registerResource;
    runtime.registerResource = (...args: any[]) => {
        const [, , type, name, , , , , opts] = args;
        registeredOptions.set(`${type}::${name}`, {
            protect: opts?.protect === true, retainOnDelete: opts?.retainOnDelete === true, dependsOn: dependencyNames(opts?.dependsOn),
        });
        return register(...args);
    };
}

export type CloudName = "aws" | "gcp" | "azure";
export const cloudNames: readonly CloudName[] = ["aws", "gcp", "azure"];
/** A Pulumi project's folder under infra/pulumi: a cloud's cluster stack, or its foundation. */
export type ProjectFolder = CloudName | `foundation-${CloudName}`;
/** The organization the mocks run under; stack references name it, as `pulumi.getOrganization()` does. */
export const organization = "trinity-org";
export const envs = ["dev", "stg"] as const;

export const infraRoot = path.resolve(__dirname, "..");
export const repositoryRoot = path.resolve(infraRoot, "..", "..");

/** The committed declaration of dev; the stacks read their Kubernetes minor from it. */
export const devDeclaration = path.join(repositoryRoot, "platform", "environments", "dev.yaml");
/**
 * The stacks read platform/environments/<env>.yaml, and Git declares dev only: the programs run against a folder
 * holding the committed dev.yaml and, for stg, the same file. A test may write a declaration of its own there.
 */
export const declarationsFolder = mkdtempSync(path.join(tmpdir(), "trinity-environments-"));
for (const env of envs) copyFileSync(devDeclaration, path.join(declarationsFolder, `${env}.yaml`));
environmentDeclarations.folder = () => declarationsFolder;

export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: any;
    readonly provider?: string;
    /** The resource options that decide what `pulumi destroy` does. */
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** The logical names of the resources it was given in dependsOn. */
    readonly dependsOn: readonly string[];
    readonly id: string;
    readonly state: Record<string, any>;
    /** Sequence numbers: when the engine was asked to create it, and when creation finished. */
    readonly started: number;
    readonly finished: number;
}

export interface StackRun {
    readonly folder: ProjectFolder;
    readonly config: Record<string, string>;
    readonly resources: Registered[];
    readonly invokes: string[];
    readonly outputs: Record<string, any>;
    readonly secretOutputs: ReadonlySet<string>;
    ofType(type: string): Registered[];
    single(type: string): Registered;
}

/** Creation of these takes a while in the real clouds; the delay lets tests see what waits for them. */
const slowTypes = new Set([
    "aws:eks/nodeGroup:NodeGroup",
    "gcp:container/nodePool:NodePool",
    "kubernetes:helm.sh/v3:Release",
]);

/** The project name of the cloud's Pulumi.yaml; the stacks run under it, as `pulumi up` would. */
export function projectName(folder: ProjectFolder): string {
    const file = path.join(infraRoot, folder, "Pulumi.yaml");
    return (yaml.load(readFileSync(file, "utf8")) as { name: string }).name;
}

export function devConfig(folder: ProjectFolder): Record<string, string> {
    const file = path.join(infraRoot, folder, "Pulumi.dev.yaml");
    const doc = yaml.load(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, String(v)]));
}

/** An output's value; rejected when the output failed (apply would never call back then, and the run would hang). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    // promise() is how the runtime itself awaits an output; it is not part of the typed surface.
    return (output as unknown as { promise(): Promise<T> }).promise();
}

let queue: Promise<unknown> = Promise.resolve();

/** The runtime is process-global: one program at a time. */
export function runStack(
    folder: ProjectFolder, config: Record<string, string>, program: () => Record<string, any>,
    references: Record<string, Record<string, any>> = {}): Promise<StackRun> {
    const run = queue.then(() => runNow(folder, config, program, references));
    queue = run.catch(() => undefined);
    return run;
}

async function runNow(
    folder: ProjectFolder, config: Record<string, string>, program: () => Record<string, any>,
    references: Record<string, Record<string, any>>): Promise<StackRun> {
    const resources: Registered[] = [];
    const invokes: string[] = [];
    let sequence = 0;
    await pulumi.runtime.setMocks({
        newResource: async args => {
            const started = sequence++;
            if (slowTypes.has(args.type)) {
                await new Promise(resolve => setTimeout(resolve, 20));
            }
            const faked = fakeResource(args, config, references);
            const options = registeredOptions.get(`${args.type}::${args.name}`) ?? { protect: false, retainOnDelete: false, dependsOn: [] };
            resources.push({
                type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, ...options, ...faked, started,
                finished: sequence++,
            });
            return faked;
        },
        call: args => {
            invokes.push(args.token);
            return fakeCall(args, config);
        },
    }, projectName(folder), "test", false, organization);
    pulumi.runtime.setAllConfig(config);

    const exported = program();
    const outputs: Record<string, any> = {};
    const secretOutputs = new Set<string>();
    for (const [key, value] of Object.entries(exported)) {
        if (pulumi.Output.isInstance(value)) {
            outputs[key] = await valueOf(value);
            if (await pulumi.isSecret(value)) {
                secretOutputs.add(key);
            }
        } else {
            outputs[key] = value;
        }
    }
    // Resources nobody exports (namespaces, role assignments, …) finish registering here.
    await pulumi.runtime.disconnect();

    return {
        folder,
        config,
        resources,
        invokes,
        outputs,
        secretOutputs,
        ofType: type => resources.filter(r => r.type === type),
        single: type => {
            const found = resources.filter(r => r.type === type);
            if (found.length !== 1) {
                throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map(r => r.name).join(", ")}`);
            }
            return found[0];
        },
    };
}

const programs: Record<ProjectFolder, () => () => Record<string, any>> = {
    aws: () => require("../aws/program").trinityAws,
    gcp: () => require("../gcp/program").trinityGcp,
    azure: () => require("../azure/program").trinityAzure,
    "foundation-aws": () => require("../foundation-aws/program").trinityFoundationAws,
    "foundation-gcp": () => require("../foundation-gcp/program").trinityFoundationGcp,
    "foundation-azure": () => require("../foundation-azure/program").trinityFoundationAzure,
};

const cache = new Map<string, Promise<StackRun>>();

function once(key: string, start: () => Promise<StackRun>): Promise<StackRun> {
    let run = cache.get(key);
    if (!run) {
        run = start();
        cache.set(key, run);
    }
    return run;
}

/** The committed dev config of a foundation, env overridden; a vault name is global, so each env has its own. */
export function foundationConfig(cloud: CloudName, env: string): Record<string, string> {
    const config: Record<string, string> = { ...devConfig(`foundation-${cloud}`), "trinity:env": env };
    if (config["trinity:keyVaultName"]) config["trinity:keyVaultName"] = `trinity-${env}-kv`;
    return config;
}

/** The cloud's foundation program with its committed dev config, env overridden; one run per (cloud, env). */
export function foundationFor(cloud: CloudName, env: string): Promise<StackRun> {
    const folder: ProjectFolder = `foundation-${cloud}`;
    return once(`${folder}/${env}`, () => runStack(folder, foundationConfig(cloud, env), programs[folder]()));
}

/** The name under which the cluster stack of (cloud, env) references its foundation: shared's, under the mocks' org. */
export function foundationStackName(cloud: CloudName, env: string): string {
    return foundationStack(namesFor(env, cloud), organization);
}

/**
 * The cloud's cluster program with its committed dev config, env overridden, its stack reference answered with the
 * outputs the foundation program computed for the same env: the two programs are tested wired together.
 */
export function stackFor(cloud: CloudName, env: string): Promise<StackRun> {
    return once(`${cloud}/${env}`, async () => {
        const foundation = await foundationFor(cloud, env);
        return runStack(cloud, { ...devConfig(cloud), "trinity:env": env }, programs[cloud](),
            { [foundationStackName(cloud, env)]: foundation.outputs });
    });
}

/** The foundation outputs of (cloud, env), for a test that runs a cluster program itself. */
export async function referencesFor(cloud: CloudName, env: string): Promise<Record<string, Record<string, any>>> {
    return { [foundationStackName(cloud, env)]: (await foundationFor(cloud, env)).outputs };
}
