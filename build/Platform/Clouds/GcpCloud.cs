using System.Text.Json.Nodes;
using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.GitHub;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.SecretBackends;
using Trinity.Build.Platform.Teardown;
using Trinity.Build.Platform.Workflows;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Clouds;

/// <summary>GCP: zonal GKE, Secret Manager in the stack's project, Workload Identity.</summary>
public sealed class GcpCloud : Cloud
{
    static readonly string[] WorkloadIdentity = ["spec", "provider", "gcpsm", "auth", "workloadIdentity"];

    /// <summary>The foundation enables the APIs the leg uses, but only through these two; they must be on already.</summary>
    static readonly string[] BootstrapApis = ["serviceusage.googleapis.com", "cloudresourcemanager.googleapis.com"];

    /// <summary>What the cluster stack and the backend rely on; the foundation enabled them.</summary>
    static readonly string[] DeployApis = ["container.googleapis.com", "secretmanager.googleapis.com", "iamcredentials.googleapis.com"];

    public override string Name => "gcp";

    public override IReadOnlyList<string> StackConfig { get; } = ["gcp:project", "gcp:zone"];

    public override IReadOnlyList<string> FoundationConfig { get; } = ["gcp:project"];

    public override SecretStore Store { get; } = new("gcp-secret-manager", "gcpsm",
    [
        new("gcp:project", ["spec", "provider", "gcpsm", "projectID"]),
        new("gcp:project", [.. WorkloadIdentity, "clusterProjectID"]),
        new("gcp:zone", [.. WorkloadIdentity, "clusterLocation"]),
    ]) { ClusterNameField = [.. WorkloadIdentity, "clusterName"] };

    /// <summary>infra/pulumi/foundation-gcp makes the service account and its conditional accessor role; the cluster stack
    /// binds the ServiceAccount to it once the cluster's workload pool exists.</summary>
    public override IdentityChain Identity(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) => new(
        "iam.gke.io/gcp-service-account",
        $"roles/iam.workloadIdentityUser for\n{Shown(config, "gcp:project")}.svc.id.goog" +
            $"[{PlatformNamespaces.ExternalSecrets}/{PlatformNames.ExternalSecretsServiceAccount}]",
        $"service account {names.ExternalSecretsIdentity}@{Shown(config, "gcp:project")}.iam.gserviceaccount.com",
        $"roles/secretmanager.secretAccessor\non secrets named {names.Cluster}-*",
        $"Secret Manager, project {Shown(config, "gcp:project")}");

    public override CloudCli Cli { get; } = new(CloudClis.Gcloud, ["--version"], "install the Google Cloud CLI",
        ["auth", "list", "--filter=status:ACTIVE", "--format=json"],
        accounts => accounts is JsonArray { Count: > 0 } a ? a[0]?["account"]?.ToString() ?? "" : "",
        "sign in: gcloud auth login and gcloud auth application-default login");

    public override Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        string? keyVault,
        Remedies remedies, CancellationToken ct) =>
        Task.FromResult<ISecretBackend>(new GcpSecretManagerBackend(Required(stack, config, "gcp:project"), stack.Names.Cluster + "-"));

    public override async Task<IReadOnlyList<Check>> PreflightAsync(InfraStack stack,
        IReadOnlyDictionary<string, Pulumi.ConfigValue> config, Remedies remedies, CancellationToken ct)
    {
        if (config.GetValueOrDefault("gcp:project")?.Value is not { } project) return [];
        const string name = "GCP APIs";
        var result = await CloudClis.AskAsync(CloudClis.Gcloud,
            ["services", "list", "--enabled", "--project", project, "--format=value(config.name)"], ct);
        if (!result.Succeeded) return [Check.Fail(name, FirstLine(result.Error),
            $"check access to project {project}: gcloud services list --project {project}")];
        var enabled = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var needed = stack.IsFoundation ? BootstrapApis : DeployApis;
        var missing = needed.Where(a => !enabled.Contains(a)).ToList();
        return
        [
            missing.Count == 0
                ? Check.Pass(name, $"{string.Join(", ", needed)} enabled in {project} ({enabled.Count} in all" +
                    (stack.IsFoundation ? "; the foundation enables the rest)" : ")"))
                : Check.Fail(name, $"not enabled in {project}: {string.Join(", ", missing)}",
                    stack.IsFoundation ? $"gcloud services enable {string.Join(' ', missing)} --project {project}"
                        : $"the foundation enables them: an administrator runs {remedies.Bootstrap(this)}"),
        ];
    }

    static readonly GitHubVariable WorkloadIdentityProvider = new("GCP_WORKLOAD_IDENTITY_PROVIDER", "workloadIdentityProvider");

    static readonly GitHubVariable ServiceAccount = new("GCP_SERVICE_ACCOUNT", role => role switch
    {
        JobRole.Deploy => "deployServiceAccountEmail",
        JobRole.Secrets => "secretsServiceAccountEmail",
        _ => "validateServiceAccountEmail",
    });

    public override IReadOnlyList<GitHubVariable> Variables { get; } = [WorkloadIdentityProvider, ServiceAccount];

    /// <summary>Direct workload identity federation writes a credentials file that fetches new tokens itself, so no
    /// lifetime needs to match the job.</summary>
    public override IReadOnlyList<Step> SignIn(TimeSpan job) =>
    [
        ActionPins.GoogleAuth.Step("Sign in to Google Cloud (OIDC)") with
        {
            With = new Dictionary<string, string>
            {
                ["workload_identity_provider"] = WorkloadIdentityProvider.Expression, ["service_account"] = ServiceAccount.Expression,
            },
        },
        ActionPins.SetupGcloud.Step("Set up gcloud with the GKE auth plugin") with
        {
            With = new Dictionary<string, string> { ["install_components"] = "gke-gcloud-auth-plugin" },
        },
    ];

    static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .FirstOrDefault() ?? "";

    // GKE's service controller describes a Service's forwarding rule with {"kubernetes.io/service-name":"<ns>/<name>"};
    // the PD CSI driver names a disk after its volume (docs/teardown.md#what-the-cloud-keeps).
    public override string Inspect(Remnant remnant, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) => remnant.Kind switch
    {
        RemnantKind.LoadBalancer => $"gcloud compute forwarding-rules list --project {Shown(config, "gcp:project")} " +
            $"--filter=\"description~{remnant.Namespace}/{remnant.Name}\"",
        _ => $"gcloud compute disks list --project {Shown(config, "gcp:project")} --filter=\"" +
            (remnant.Volume is { } volume ? $"name={volume}" : $"description~{remnant.Name}") + "\"",
    };

    public override IReadOnlyList<string> InspectAll(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) =>
    [
        $"gcloud compute forwarding-rules list --project {Shown(config, "gcp:project")} " +
            "--filter=\"description~kubernetes.io/service-name\"",
        $"gcloud compute disks list --project {Shown(config, "gcp:project")} " +
            "--filter=\"description~kubernetes.io/created-for AND -users:*\"",
    ];
}
