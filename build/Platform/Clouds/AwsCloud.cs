using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.GitHub;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.SecretBackends;
using Trinity.Build.Platform.Teardown;
using Trinity.Build.Platform.Workflows;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Clouds;

/// <summary>AWS: EKS, Secrets Manager in the stack's region, IAM roles for service accounts.</summary>
public sealed class AwsCloud : Cloud
{
    public override string Name => "aws";

    public override IReadOnlyList<string> StackConfig { get; } = ["aws:region"];

    public override IReadOnlyList<string> FoundationConfig { get; } = ["aws:region"];

    public override SecretStore Store { get; } = new("aws-secrets-manager", "aws",
        [new("aws:region", ["spec", "provider", "aws", "region"])]);

    /// <summary>infra/pulumi/aws: IRSA. The role trusts the cluster's OIDC provider for that one ServiceAccount and reads
    /// only the catalog's secrets by name.</summary>
    public override IdentityChain Identity(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) => new(
        "eks.amazonaws.com/role-arn",
        "IRSA: the cluster's OIDC provider,\nsts:AssumeRoleWithWebIdentity",
        $"IAM role {names.ExternalSecretsIdentity}",
        "secretsmanager:GetSecretValue, DescribeSecret\non the catalog's secrets, by name",
        $"AWS Secrets Manager, {Shown(config, "aws:region")}");

    public override CloudCli Cli { get; } = new(CloudClis.Aws, ["--version"], "install the AWS CLI v2",
        ["sts", "get-caller-identity", "--output", "json"], identity => $"{identity["Arn"]} (account {identity["Account"]})",
        "sign in: aws sso login, AWS_PROFILE, or OIDC in CI");

    public override Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        string? keyVault,
        Remedies remedies, CancellationToken ct) =>
        Task.FromResult<ISecretBackend>(new AwsSecretsManagerBackend(Required(stack, config, "aws:region"), stack.Names.Cluster + "-"));

    static readonly GitHubVariable RoleArn = new("AWS_ROLE_ARN", role => role switch
    {
        JobRole.Deploy => "deployRoleArn",
        JobRole.Secrets => "secretsRoleArn",
        _ => "validateRoleArn",
    });

    static readonly GitHubVariable Region = new("AWS_REGION", "region");

    public override IReadOnlyList<GitHubVariable> Variables { get; } = [RoleArn, Region];

    /// <summary>STS refuses sessions under 15 minutes; a longer one than the role allows is refused too, which is why the
    /// foundation's deploy role allows two hours (docs/github.md#session-lengths).</summary>
    const int ShortestSessionSeconds = 900;

    /// <summary>configure-aws-credentials asks for one hour by default; the session must outlast the job instead.</summary>
    public override IReadOnlyList<Step> SignIn(TimeSpan job) =>
    [
        ActionPins.AwsCredentials.Step("Sign in to AWS (OIDC)") with
        {
            With = new Dictionary<string, string>
            {
                ["role-to-assume"] = RoleArn.Expression,
                ["aws-region"] = Region.Expression,
                ["role-duration-seconds"] = Math.Max(ShortestSessionSeconds, (int)job.TotalSeconds)
                    .ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        },
    ];

    // The in-tree service controller tags a Service's load balancer kubernetes.io/service-name=<ns>/<name>; the EBS CSI
    // driver tags each volume CSIVolumeName=<pv> (docs/teardown.md#what-the-cloud-keeps).
    public override string Inspect(Remnant remnant, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) => remnant.Kind switch
    {
        RemnantKind.LoadBalancer => $"aws resourcegroupstaggingapi get-resources --region {Shown(config, "aws:region")} " +
            $"--resource-type-filters elasticloadbalancing:loadbalancer --tag-filters " +
            $"Key=kubernetes.io/service-name,Values={remnant.Namespace}/{remnant.Name}",
        _ => $"aws ec2 describe-volumes --region {Shown(config, "aws:region")} --filters " + (remnant.Volume is { } volume
            ? $"Name=tag:CSIVolumeName,Values={volume}"
            : $"Name=tag:kubernetes.io/created-for/pvc/namespace,Values={remnant.Namespace} " +
              $"Name=tag:kubernetes.io/created-for/pvc/name,Values={remnant.Name}"),
    };

    public override IReadOnlyList<string> InspectAll(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) =>
    [
        $"aws resourcegroupstaggingapi get-resources --region {Shown(config, "aws:region")} --resource-type-filters " +
            $"elasticloadbalancing:loadbalancer --tag-filters Key=kubernetes.io/cluster/{names.Cluster}",
        $"aws ec2 describe-volumes --region {Shown(config, "aws:region")} --filters Name=tag-key,Values=CSIVolumeName " +
            "Name=status,Values=available",
    ];
}
