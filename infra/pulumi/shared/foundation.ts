import * as pulumi from "@pulumi/pulumi";
import { foundationStack, TrinityNames } from "./naming";

/**
 * The cluster stack's view of its cloud's foundation stack (same backend, same organization, stack `<env>`): the
 * identities and, on Azure, the vault it only refers to. `pulumi up` fails with the stack's name when the foundation
 * has not run; Preflight says so earlier and names Bootstrap.
 */
export function foundationOf(names: TrinityNames): Foundation {
    const name = foundationStack(names, pulumi.getOrganization());
    const reference = new pulumi.StackReference(name, { name });
    return {
        name,
        output: (key: string) => reference.requireOutput(key).apply(value => {
            if (typeof value !== "string" || value.length === 0) {
                throw new Error(`foundation stack ${name} has no output ${key}: run Bootstrap for ${names.cloud} again`);
            }
            return value;
        }),
    };
}

export interface Foundation {
    /** organization/trinity-foundation-<cloud>/<env> */
    readonly name: string;
    /** An output the cluster stack cannot do without, as a non-empty string. */
    output(key: string): pulumi.Output<string>;
}
