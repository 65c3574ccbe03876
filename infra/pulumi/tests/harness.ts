// Runs a stack's program in-process against Pulumi's mocks and records everything it registered.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { fakeCall, fakeResource } from "./fakes";

export type CloudName = "aws" | "gcp" | "azure";
export const cloudNames: readonly CloudName[] = ["aws", "gcp", "azure"];
export const envs = ["dev", "stg"] as const;

export const infraRoot = path.resolve(__dirname, "..");
export const repositoryRoot = path.resolve(infraRoot, "..", "..");

export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: any;
    readonly provider?: string;
    readonly id: string;
    readonly state: Record<string, any>;
    /** Sequence numbers: when the engine was asked to create it, and when creation finished. */
    readonly started: number;
    readonly finished: number;
}

export interface StackRun {
    readonly cloud: CloudName;
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
export function projectName(cloud: CloudName): string {
    const file = path.join(infraRoot, cloud, "Pulumi.yaml");
    return (yaml.load(readFileSync(file, "utf8")) as { name: string }).name;
}

export function devConfig(cloud: CloudName): Record<string, string> {
    const file = path.join(infraRoot, cloud, "Pulumi.dev.yaml");
    const doc = yaml.load(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, String(v)]));
}

export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise<T>(resolve => output.apply(v => { resolve(v); return v; }));
}

let queue: Promise<unknown> = Promise.resolve();

/** The runtime is process-global: one program at a time. */
export function runStack(
    cloud: CloudName, config: Record<string, string>, program: () => Record<string, any>): Promise<StackRun> {
    const run = queue.then(() => runNow(cloud, config, program));
    queue = run.catch(() => undefined);
    return run;
}

async function runNow(
    cloud: CloudName, config: Record<string, string>, program: () => Record<string, any>): Promise<StackRun> {
    const resources: Registered[] = [];
    const invokes: string[] = [];
    let sequence = 0;
    await pulumi.runtime.setMocks({
        newResource: async args => {
            const started = sequence++;
            if (slowTypes.has(args.type)) {
                await new Promise(resolve => setTimeout(resolve, 20));
            }
            const faked = fakeResource(args, config);
            resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, ...faked, started, finished: sequence++ });
            return faked;
        },
        call: args => {
            invokes.push(args.token);
            return fakeCall(args, config);
        },
    }, projectName(cloud), "test", false);
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
        cloud,
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

const programs: Record<CloudName, () => () => Record<string, any>> = {
    aws: () => require("../aws/program").trinityAws,
    gcp: () => require("../gcp/program").trinityGcp,
    azure: () => require("../azure/program").trinityAzure,
};

const cache = new Map<string, Promise<StackRun>>();

/** The cloud's program with its committed dev config, env overridden; one run per (cloud, env). */
export function stackFor(cloud: CloudName, env: string): Promise<StackRun> {
    const key = `${cloud}/${env}`;
    let run = cache.get(key);
    if (!run) {
        run = runStack(cloud, { ...devConfig(cloud), "trinity:env": env }, programs[cloud]());
        cache.set(key, run);
    }
    return run;
}
