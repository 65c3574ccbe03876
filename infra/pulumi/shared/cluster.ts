import * as pulumi from "@pulumi/pulumi";

const cidrPattern = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;

/**
 * trinity:apiAuthorizedCidrs: the IPv4 CIDRs that may reach the cluster's Kubernetes API endpoint, or undefined when
 * the stack config sets none. Unset is open on purpose: GitHub-hosted runners have no fixed address ranges, so a
 * restriction would lock out the deploy and validate jobs that run there; the API is then reachable from anywhere and
 * guarded by its authentication only (README, "Cluster hardening"). Self-hosted runners or a VPN: set the list.
 */
export function apiAuthorizedCidrs(config: pulumi.Config): string[] | undefined {
    const cidrs = config.getObject<unknown>("apiAuthorizedCidrs");
    if (cidrs === undefined) return undefined;
    if (!Array.isArray(cidrs) || cidrs.length === 0 || !cidrs.every(c => typeof c === "string" && cidrPattern.test(c))) {
        throw new Error(`trinity:apiAuthorizedCidrs must be a non-empty list of IPv4 CIDRs such as ["203.0.113.0/24"] ` +
            `(leave it unset for an endpoint open to every address); got ${JSON.stringify(cidrs)}`);
    }
    return cidrs as string[];
}

/**
 * What a GKE node's own service account needs and nothing more, as Google's hardening guide lists it: write logs and
 * metrics, read monitoring, write resource metadata, pull images from Artifact Registry (docs/kubernetes.md).
 */
export const gkeNodeRoles = [
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
] as const;
