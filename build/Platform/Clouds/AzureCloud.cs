using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.SecretBackends;
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

    public override IReadOnlyList<Step> SignIn { get; } =
    [
        ActionPins.AzureLogin.Step("Sign in to Azure (OIDC)") with
        {
            With = new Dictionary<string, string>
            {
                ["client-id"] = "${{ vars.AZURE_CLIENT_ID }}", ["tenant-id"] = "${{ vars.AZURE_TENANT_ID }}",
                    ["subscription-id"] = "${{ vars.AZURE_SUBSCRIPTION_ID }}",
            },
        },
    ];
}
