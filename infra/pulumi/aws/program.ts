// Submodule imports: the root module's declarations cost tsc twice the time for nothing.
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import {
    apiAuthorizedCidrs, bootstrapCluster, execKubeconfig, externalSecretsSubject, foundationOf, kubernetesVersion, namesFor,
    validateKubernetesGroup,
} from "@trinity/infra-shared";

const stsAudience = "sts.amazonaws.com";

function assumedBy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}

/** The access policy that makes a principal cluster admin (Kubernetes RBAC cluster-admin). */
export const clusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** EKS with IRSA for External Secrets Operator, Argo CD and the root Application. */
export function trinityAws() {
    const config = new pulumi.Config("trinity");
    const names = namesFor(config.require("env"), "aws");
    const region = new pulumi.Config("aws").require("region");
    const foundation = foundationOf(names);
    // Whoever else administers the cluster from a workstation: IAM role ARNs (without their path), committed.
    const clusterAdmins = config.getObject<string[]>("clusterAdmins") ?? [];
    const version = kubernetesVersion(__dirname, names);
    // Unset: EKS's own default, every address (shared/cluster.ts says why that is the default here).
    const publicAccessCidrs = apiAuthorizedCidrs(config) ?? ["0.0.0.0/0"];
    const tags = { platform: "trinity", env: names.env, cloud: names.cloud };

    // Network: one VPC, two public subnets in two zones (EKS needs two), no NAT to pay for.
    const zones = getAvailabilityZonesOutput({ state: "available" });
    const vpc = new ec2.Vpc(names.resource("vpc"), {
        cidrBlock: "10.40.0.0/16",
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { ...tags, Name: names.cluster },
    });
    const gateway = new ec2.InternetGateway(names.resource("igw"), {
        vpcId: vpc.id,
        tags: { ...tags, Name: names.cluster },
    });
    const routeTable = new ec2.RouteTable(names.resource("public"), {
        vpcId: vpc.id,
        tags: { ...tags, Name: names.resource("public") },
    });
    new ec2.Route(names.resource("public-default"), {
        routeTableId: routeTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: gateway.id,
    });
    const subnets = [0, 1].map(i => {
        const subnet = new ec2.Subnet(names.resource(`public-${i}`), {
            vpcId: vpc.id,
            cidrBlock: `10.40.${i * 64}.0/18`,
            availabilityZone: zones.names[i],
            mapPublicIpOnLaunch: true,
            tags: {
                ...tags,
                Name: names.resource(`public-${i}`),
                "kubernetes.io/role/elb": "1",
                [`kubernetes.io/cluster/${names.cluster}`]: "shared",
            },
        });
        new ec2.RouteTableAssociation(names.resource(`public-${i}`), {
            subnetId: subnet.id,
            routeTableId: routeTable.id,
        });
        return subnet;
    });

    // Cluster and nodes.
    const clusterRole = new iam.Role(names.resource("cluster-role"), {
        name: names.resource("cluster"),
        assumeRolePolicy: assumedBy("eks.amazonaws.com"),
        tags,
    });
    const clusterPolicy = new iam.RolePolicyAttachment(names.resource("cluster-policy"), {
        role: clusterRole.name,
        policyArn: iam.ManagedPolicy.AmazonEKSClusterPolicy,
    });
    const cluster = new eks.Cluster(names.resource("cluster"), {
        name: names.cluster,
        roleArn: clusterRole.arn,
        // The environment's minor (platform/environments/<env>.yaml); EKS picks the patch.
        version,
        vpcConfig: {
            subnetIds: subnets.map(s => s.id),
            endpointPublicAccess: true,
            endpointPrivateAccess: true,
            // Nodes reach the API through the private endpoint, so the list only limits who calls from outside.
            publicAccessCidrs,
        },
        // Access entries only, all of them below: the creator gets nothing implicit, so the deploy role and a person
        // running `up` get the same rights whoever created the cluster (an implicit entry for the creator would
        // also collide with an explicit one for the same role).
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        tags,
    }, { dependsOn: [clusterPolicy] });

    // The deploy role (CI) and the configured admins are cluster admins: the stack's Kubernetes provider, WaitForSync
    // and Validate act as them.
    const admins = [
        { part: "deploy", principalArn: foundation.output("deployRoleArn") },
        ...clusterAdmins.map((arn, i) => ({ part: `admin-${i}`, principalArn: pulumi.output(arn) })),
    ];
    const accessPolicies = admins.map(({ part, principalArn }) => {
        const entry = new eks.AccessEntry(names.resource(`access-${part}`), {
            clusterName: cluster.name,
            principalArn,
            type: "STANDARD",
            tags,
        });
        return new eks.AccessPolicyAssociation(names.resource(`access-${part}-admin`), {
            clusterName: cluster.name,
            principalArn: entry.principalArn,
            policyArn: clusterAdminPolicy,
            accessScope: { type: "cluster" },
        });
    });

    // The validate role (the daily Validate job) gets an entry and no access policy: the entry puts it in a Kubernetes
    // group, and the ClusterRoleBinding bootstrapCluster makes lets that group read exactly what Validate reads (the
    // access policies are fixed sets, none of them that one).
    new eks.AccessEntry(names.resource("access-validate"), {
        clusterName: cluster.name,
        principalArn: foundation.output("validateRoleArn"),
        kubernetesGroups: [validateKubernetesGroup],
        type: "STANDARD",
        tags,
    });

    const nodeRole = new iam.Role(names.resource("node-role"), {
        name: names.resource("node"),
        assumeRolePolicy: assumedBy("ec2.amazonaws.com"),
        tags,
    });
    const nodePolicies = [
        iam.ManagedPolicy.AmazonEKSWorkerNodePolicy,
        iam.ManagedPolicy.AmazonEKS_CNI_Policy,
        iam.ManagedPolicy.AmazonEC2ContainerRegistryReadOnly,
    ].map((policyArn, i) => new iam.RolePolicyAttachment(names.resource(`node-policy-${i}`), {
        role: nodeRole.name,
        policyArn,
    }));
    const nodeGroup = new eks.NodeGroup(names.resource("nodes"), {
        clusterName: cluster.name,
        nodeGroupName: names.resource("nodes"),
        nodeRoleArn: nodeRole.arn,
        subnetIds: subnets.map(s => s.id),
        instanceTypes: ["t3.large"],
        version,
        scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 3 },
        tags,
    }, { dependsOn: nodePolicies });

    // IRSA: the OIDC provider, and a role only the ESO service account can assume.
    const issuerUrl = cluster.identities.apply(ids => ids[0].oidcs[0].issuer);
    const oidcProvider = new iam.OpenIdConnectProvider(names.resource("oidc"), {
        url: issuerUrl,
        clientIdLists: [stsAudience],
        tags,
    });
    const trustPolicy = pulumi.all([oidcProvider.arn, issuerUrl]).apply(([providerArn, issuer]) => {
        const issuerHost = issuer.replace(/^https:\/\//, "");
        return JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuerHost}:sub`]: externalSecretsSubject,
                        [`${issuerHost}:aud`]: stsAudience,
                    },
                },
            }],
        });
    });
    const externalSecretsRole = new iam.Role(names.resource("eso-role"), {
        name: names.externalSecretsIdentity,
        assumeRolePolicy: trustPolicy,
        tags,
    });

    // Read access to the catalog's secret names only. Secrets Manager appends "-" and six random
    // characters to a secret's ARN; "??????" matches exactly that, so "<name>-other-xxxxxx" is out.
    const account = getCallerIdentityOutput();
    const partition = getPartitionOutput();
    const secretArns = pulumi.all([partition.partition, account.accountId]).apply(([p, accountId]) =>
        names.backendSecrets.map(s => `arn:${p}:secretsmanager:${region}:${accountId}:secret:${s.name}-??????`));
    new iam.RolePolicy(names.resource("eso-secrets-read"), {
        name: `${names.externalSecretsIdentity}-secrets-read`,
        role: externalSecretsRole.id,
        policy: secretArns.apply(arns => JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Sid: "ReadTrinityBackendSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: arns,
            }],
        })),
    });

    const kubeconfig = pulumi.secret(
        pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority]).apply(([name, endpoint, ca]) =>
            execKubeconfig(name, endpoint, ca.data, {
                command: "aws",
                args: ["eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"],
                installHint: "Install the AWS CLI v2 and sign in (aws sso login or AWS_PROFILE).",
            })));

    const bootstrap = bootstrapCluster(names, {
        programDirectory: __dirname,
        kubeconfig,
        dependsOn: [nodeGroup, ...accessPolicies],
        serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": externalSecretsRole.arn },
        validateSubject: { kind: "Group", name: validateKubernetesGroup },
    });

    return {
        kubeconfig,
        clusterName: cluster.name,
        region: pulumi.output(region),
        vpcId: vpc.id,
        oidcProviderArn: oidcProvider.arn,
        oidcIssuerUrl: issuerUrl,
        externalSecretsRoleArn: externalSecretsRole.arn,
        rootApplication: bootstrap.rootApplication,
    };
}
