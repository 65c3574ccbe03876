// Submodule imports: the root module's declarations cost tsc twice the time for nothing.
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { assertRepository, githubIssuer, githubSubject, namesFor } from "@trinity/infra-shared";

const stsAudience = "sts.amazonaws.com";
/** Deploy jobs may run 90 minutes (cluster creation, the wave wait); the default one hour would expire mid-job. */
export const maxSessionSeconds = 2 * 60 * 60;

/** Only a job in exactly this GitHub environment of this repository may assume the role. */
function trustedBy(providerArn: pulumi.Input<string>, subject: string): pulumi.Output<string> {
    const host = githubIssuer.replace(/^https:\/\//, "");
    return pulumi.output(providerArn).apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: arn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${host}:sub`]: subject, [`${host}:aud`]: stsAudience } },
        }],
    }));
}

/**
 * What outlives every cluster of one environment: GitHub's OIDC trust, the deploy role (the cluster stack), the
 * secrets role (the backend secrets) and the read-only validate role (the daily Validate), each for one GitHub
 * environment. Run once by an administrator (`./build.sh Bootstrap --cloud aws`); every resource is protected, so a
 * `pulumi destroy` stops instead of removing the identities CI signs in with.
 */
export function trinityFoundationAws() {
    const config = new pulumi.Config("trinity");
    const names = namesFor(config.require("env"), "aws");
    const repository = assertRepository(config.require("githubRepository"));
    const region = new pulumi.Config("aws").require("region");
    const tags = { platform: "trinity", env: names.env, cloud: names.cloud, owner: "foundation" };
    const keep: pulumi.CustomResourceOptions = { protect: true };
    // [partition, account id]: every ARN below is built from them.
    const arnParts = pulumi.all([getPartitionOutput().partition, getCallerIdentityOutput().accountId]);

    // One provider per account and URL: a second environment in the same account reuses the first one's.
    const existingProvider = config.get("githubOidcProviderArn");
    const providerArn: pulumi.Output<string> = existingProvider
        ? pulumi.output(existingProvider)
        : new iam.OpenIdConnectProvider(names.resource("github-oidc"), {
            url: githubIssuer,
            clientIdLists: [stsAudience],
            tags,
        }, keep).arn;

    const deployRole = new iam.Role(names.resource("deploy-role"), {
        name: names.deployIdentity,
        description: `GitHub environment ${names.deployEnvironment} of ${repository}: runs the ${names.cluster} stack`,
        assumeRolePolicy: trustedBy(providerArn, githubSubject(repository, names.deployEnvironment)),
        maxSessionDuration: maxSessionSeconds,
        tags,
    }, keep);
    // The cluster stack creates a VPC, EKS, node groups and the ESO role. PowerUserAccess covers all but IAM; IAM
    // is granted below for this environment's names only.
    new iam.RolePolicyAttachment(names.resource("deploy-power-user"), {
        role: deployRole.name,
        policyArn: arnParts.apply(([p]) => `arn:${p}:iam::aws:policy/PowerUserAccess`),
    }, keep);
    new iam.RolePolicy(names.resource("deploy-iam"), {
        name: `${names.deployIdentity}-iam`,
        role: deployRole.id,
        policy: arnParts.apply(([p, id]) => JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ClusterRoles",
                    Effect: "Allow",
                    Action: [
                        "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:TagRole", "iam:UntagRole", "iam:PassRole",
                        "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
                        "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:GetRolePolicy", "iam:ListRolePolicies",
                        "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
                    ],
                    Resource: `arn:${p}:iam::${id}:role/${names.cluster}-*`,
                },
                {
                    Sid: "ClusterOidcProvider",
                    Effect: "Allow",
                    Action: [
                        "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:GetOpenIDConnectProvider",
                        "iam:TagOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
                    ],
                    Resource: `arn:${p}:iam::${id}:oidc-provider/oidc.eks.*`,
                },
                {
                    Sid: "EksServiceLinkedRoles",
                    Effect: "Allow",
                    Action: "iam:CreateServiceLinkedRole",
                    Resource: "*",
                    Condition: { StringLike: { "iam:AWSServiceName": ["eks.amazonaws.com", "eks-nodegroup.amazonaws.com",
                        "elasticloadbalancing.amazonaws.com"] } },
                },
            ],
        })),
    }, keep);

    // The backend secrets of this environment and nothing else. ListSecrets has no resource-level permission.
    const secretsRole = new iam.Role(names.resource("secrets-role"), {
        name: names.secretsIdentity,
        description: `GitHub environment ${names.secretsEnvironment} of ${repository}: writes the ${names.cluster} backend secrets`,
        assumeRolePolicy: trustedBy(providerArn, githubSubject(repository, names.secretsEnvironment)),
        tags,
    }, keep);
    new iam.RolePolicy(names.resource("secrets-write"), {
        name: `${names.secretsIdentity}-write`,
        role: secretsRole.id,
        policy: arnParts.apply(([p, id]) => JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "BackendSecrets",
                    Effect: "Allow",
                    Action: [
                        "secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
                        "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret", "secretsmanager:DeleteSecret",
                        "secretsmanager:RestoreSecret", "secretsmanager:TagResource",
                    ],
                    Resource: `arn:${p}:secretsmanager:${region}:${id}:secret:${names.cluster}-*`,
                },
                { Sid: "FindSecrets", Effect: "Allow", Action: "secretsmanager:ListSecrets", Resource: "*" },
            ],
        })),
    }, keep);

    // The daily Validate job: reads the cluster, changes nothing. `aws eks get-token` needs only STS (it presigns
    // GetCallerIdentity with this role's session); what it may read in Kubernetes comes from the cluster stack's access
    // entry and ClusterRoleBinding, not from IAM. The default one-hour session outlasts a 20-minute job.
    const validateRole = new iam.Role(names.resource("validate-role"), {
        name: names.validateIdentity,
        description: `GitHub environment ${names.validateEnvironment} of ${repository}: reads the ${names.cluster} cluster`,
        assumeRolePolicy: trustedBy(providerArn, githubSubject(repository, names.validateEnvironment)),
        tags,
    }, keep);
    // Its one cloud read, on this cluster only: the endpoint and status `aws eks describe-cluster` shows.
    new iam.RolePolicy(names.resource("validate-describe"), {
        name: `${names.validateIdentity}-describe`,
        role: validateRole.id,
        policy: arnParts.apply(([p, id]) => JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Sid: "DescribeCluster",
                Effect: "Allow",
                Action: "eks:DescribeCluster",
                Resource: `arn:${p}:eks:${region}:${id}:cluster/${names.cluster}`,
            }],
        })),
    }, keep);

    return {
        region: pulumi.output(region),
        githubRepository: pulumi.output(repository),
        githubOidcProviderArn: providerArn,
        deployRoleArn: deployRole.arn,
        secretsRoleArn: secretsRole.arn,
        validateRoleArn: validateRole.arn,
        deployEnvironment: pulumi.output(names.deployEnvironment),
        secretsEnvironment: pulumi.output(names.secretsEnvironment),
        validateEnvironment: pulumi.output(names.validateEnvironment),
    };
}
