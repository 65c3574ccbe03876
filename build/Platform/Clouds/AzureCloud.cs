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

/// <summary>Azure: AKS with workload identity; the Key Vault belongs to the foundation stack, under the name its committed
/// config gives (trinity:keyVaultName), which the ClusterSecretStore in Git repeats as its URL.</summary>
public sealed class AzureCloud : Cloud
{
    static readonly string[] VaultUrl = ["spec", "provider", "azurekv", "vaultUrl"];

    public override string Name => "azure";

    public override IReadOnlyList<string> StackConfig { get; } = ["azure-native:location"];

    public override IReadOnlyList<string> FoundationConfig { get; } = [VaultNameKey, "azure-native:location"];

    /// <summary>The foundation's config key of the vault's global name.</summary>
    public const string VaultNameKey = "trinity:keyVaultName";

    /// <summary>docs/secret-backends.md#azure-key-vault: every vault is https://&lt;name&gt;.vault.azure.net/.</summary>
    public static string VaultUrlOf(string name) => $"https://{name}.vault.azure.net/";

    public override SecretStore Store { get; } = new("azure-key-vault", "azurekv",
        [new(VaultNameKey, VaultUrl, InFoundation: true, Expected: VaultUrlOf)]);

    /// <summary>infra/pulumi/azure: a user-assigned identity with a federated credential for that one ServiceAccount,
    /// and Key Vault Secrets User on the foundation's vault.</summary>
    public override IdentityChain Identity(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) => new(
        "azure.workload.identity/client-id",
        $"federated credential: the cluster's OIDC issuer,\nsubject {PlatformNames.ExternalSecretsSubject}",
        $"managed identity {names.ExternalSecretsIdentity}",
        "Key Vault Secrets User on the vault",
        $"Azure Key Vault {Shown(config, VaultNameKey)}");

    public override CloudCli Cli { get; } = new(CloudClis.Az, ["version", "--output", "json"], "install the Azure CLI",
        ["account", "show", "--output", "json"], account => $"{account["user"]?["name"]} (subscription {account["name"]})",
        "sign in: az login (azure/login with OIDC in CI)");

    /// <summary>The vault the foundation's committed config names (or --key-vault): known before any stack ran.</summary>
    public override async Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        string? keyVault,
        Remedies remedies, CancellationToken ct)
    {
        var foundation = InfraStack.Foundation(stack.Names);
        var vault = keyVault ?? Required(foundation, await foundation.Pulumi.ConfigAsync(showSecrets: false, ct), VaultNameKey);
        return new AzureKeyVaultBackend(vault, TimeSpan.FromMinutes(2));
    }

    /// <summary>Azure workload identity's mutating webhook reads this label from the pod, never from the ServiceAccount:
    /// only a labelled pod gets the federated token and AZURE_* variables (docs/external-secrets.md#azure-workload-identity).</summary>
    public override IReadOnlyList<(string Key, string Value)> EsoPodLabels { get; } = [("azure.workload.identity/use", "true")];

    static readonly GitHubVariable ClientId = new("AZURE_CLIENT_ID", role => role switch
    {
        JobRole.Deploy => "deployClientId",
        JobRole.Secrets => "secretsClientId",
        _ => "validateClientId",
    });

    static readonly GitHubVariable TenantId = new("AZURE_TENANT_ID", "tenantId");
    static readonly GitHubVariable SubscriptionId = new("AZURE_SUBSCRIPTION_ID", "subscriptionId");

    public override IReadOnlyList<GitHubVariable> Variables { get; } = [ClientId, TenantId, SubscriptionId];

    public override IReadOnlyList<Step> SignIn(TimeSpan job) =>
    [
        ActionPins.AzureLogin.Step("Sign in to Azure (OIDC)") with
        {
            With = new Dictionary<string, string>
            {
                ["client-id"] = ClientId.Expression, ["tenant-id"] = TenantId.Expression, ["subscription-id"] = SubscriptionId.Expression,
            },
        },
    ];

    /// <summary>After azure/login with OIDC the az CLI cannot get a new token once GitHub's short-lived one has expired
    /// (Azure/azure-cli#28708), so a long `pulumi up` must not lean on it: the azure-native provider asks GitHub for its own
    /// OIDC token whenever it needs one (docs/github.md#session-lengths).</summary>
    public override IReadOnlyList<(string Name, string Expression)> PulumiEnvironment { get; } =
    [
        ("ARM_USE_OIDC", "'true'"), ("ARM_CLIENT_ID", ClientId.Reference), ("ARM_TENANT_ID", TenantId.Reference),
        ("ARM_SUBSCRIPTION_ID", SubscriptionId.Reference),
    ];

    // AKS puts every LoadBalancer Service on the one "kubernetes" load balancer of the node resource group, as a frontend
    // named "a" and the Service's uid without dashes, cut to 32 characters (FrontendName); Azure Disk CSI names a disk after its volume
    // (docs/teardown.md#what-the-cloud-keeps).
    public override string Inspect(Remnant remnant, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) => remnant.Kind switch
    {
        RemnantKind.LoadBalancer => "az network lb list --query \"[].frontendIPConfigurations[?contains(name, " +
            $"'{FrontendName(remnant.Uid)}')].id\"",
        _ => "az disk list --query \"[?" + (remnant.Volume is { } volume ? $"name=='{volume}'"
            : $"{PvcTag}=='{remnant.Name}'") + "].{name:name, group:resourceGroup, state:diskState}\"",
    };

    public override IReadOnlyList<string> InspectAll(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config) =>
    [
        $"az network lb list --query \"[?name=='kubernetes'].{{group:resourceGroup, frontends:length(frontendIPConfigurations)}}\"",
        $"az disk list --query \"[?diskState=='Unattached' && {PvcTag}].{{name:name, group:resourceGroup}}\"",
    ];

    /// <summary>The tag Azure Disk CSI puts the claim's name in, as a JMESPath field inside a double-quoted argument.</summary>
    const string PvcTag = "tags.\\\"kubernetes.io-created-for-pvc-name\\\"";

    /// <summary>The cloud provider's default load balancer name of a Service: "a" + its uid without dashes, at most 32
    /// characters.</summary>
    static string FrontendName(string uid)
    {
        var name = "a" + uid.Replace("-", "", StringComparison.Ordinal);
        return name.Length > 32 ? name[..32] : name;
    }
}
