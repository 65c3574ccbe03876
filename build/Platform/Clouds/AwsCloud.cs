using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.SecretBackends;
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

    public override CloudCli Cli { get; } = new(CloudClis.Aws, ["--version"], "install the AWS CLI v2",
        ["sts", "get-caller-identity", "--output", "json"], identity => $"{identity["Arn"]} (account {identity["Account"]})",
        "sign in: aws sso login, AWS_PROFILE, or OIDC in CI");

    public override Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        string? keyVault,
        Remedies remedies, CancellationToken ct) =>
        Task.FromResult<ISecretBackend>(new AwsSecretsManagerBackend(Required(stack, config, "aws:region"), stack.Names.Cluster + "-"));

    public override IReadOnlyList<Step> SignIn { get; } =
    [
        ActionPins.AwsCredentials.Step("Sign in to AWS (OIDC)") with
        {
            With = new Dictionary<string,
                string> { ["role-to-assume"] = "${{ vars.AWS_DEPLOY_ROLE_ARN }}", ["aws-region"] = "${{ vars.AWS_REGION }}" },
        },
    ];
}
