using System.Text.Json.Nodes;
using Engine;
using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Manifests;
using Trinity.Build.Platform.SecretBackends;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Clouds;

/// <summary>Azure: AKS with workload identity, a Key Vault whose name carries a random suffix (soft-deleted vault
/// names stay reserved), so its URL reaches the ClusterSecretStore in Git only after `up`.</summary>
public sealed class AzureCloud : Cloud
{
    static readonly string[] VaultUrl = ["spec", "provider", "azurekv", "vaultUrl"];

    public override string Name => "azure";

    public override IReadOnlyList<string> StackConfig { get; } = ["azure-native:location"];

    public override SecretStore Store { get; } = new("azure-key-vault", "azurekv", []);

    public override CloudCli Cli { get; } = new(CloudClis.Az, ["version", "--output", "json"], "install the Azure CLI",
        ["account", "show", "--output", "json"], account => $"{account["user"]?["name"]} (subscription {account["name"]})",
        "sign in: az login (azure/login with OIDC in CI)");

    public override async Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        string? keyVault,
        Remedies remedies, CancellationToken ct)
    {
        var vault = keyVault ?? ((await stack.Pulumi.StackOutputsAsync(ct))["keyVaultName"] is JsonValue v ? v.ToString() : null)
            ?? throw new TargetFailedException($"{stack.DisplayDirectory} has no keyVaultName output yet: run {remedies.Up(this)} first, " +
                $"or pass --key-vault <name>");
        return new AzureKeyVaultBackend(vault, TimeSpan.FromMinutes(2));
    }

    /// <summary>The stack's Key Vault must be the one Git's ClusterSecretStore reads.</summary>
    public override async Task AfterUpAsync(InfraStack stack, CancellationToken ct)
    {
        var outputs = await stack.Pulumi.StackOutputsAsync(ct);
        var vaultUrl = outputs["keyVaultUrl"] is JsonValue v ? v.ToString().TrimEnd('/') : null;
        var overlay = stack.Names.SecretsDemoOverlay;
        var rendered = await Rendering.RenderAsync(Session.Current.Root, overlay, ct);
        var store = rendered.Objects.FirstOrDefault(o => o.Kind == "ClusterSecretStore" && o.Name == Store.Name);
        var gitUrl = store?.TextAt(VaultUrl)?.TrimEnd('/');
        if (vaultUrl is null || vaultUrl == gitUrl)
        {
            Log.Info($"Key Vault {vaultUrl ?? "(no keyVaultUrl output)"} matches {overlay}");
            return;
        }
        throw new TargetFailedException(
            $"the stack's Key Vault is {vaultUrl}, but {store?.SourceFile ?? overlay} points the ClusterSecretStore at " +
                $"{gitUrl ?? "nothing"}; " +
            $"set spec.provider.azurekv.vaultUrl: {vaultUrl} there, commit and push (Argo CD syncs the store from Git)");
    }

    public override IReadOnlyList<Step> SignIn { get; } =
    [
        new("Sign in to Azure (OIDC)")
        {
            Uses = "azure/login@v2.2.0",
            With = new Dictionary<string, string>
            {
                ["client-id"] = "${{ vars.AZURE_CLIENT_ID }}", ["tenant-id"] = "${{ vars.AZURE_TENANT_ID }}",
                    ["subscription-id"] = "${{ vars.AZURE_SUBSCRIPTION_ID }}",
            },
        },
    ];
}
