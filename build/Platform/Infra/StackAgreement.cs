using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Manifests;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Infra;

/// <summary>After `up`: values the stack only knows once it has run must agree with Git. Today that is the Azure Key
/// Vault, whose name carries a random suffix (soft-deleted vault names stay reserved), so its URL reaches the
/// ClusterSecretStore only through a commit.</summary>
public static class StackAgreement
{
    public static async Task CheckAsync(InfraStack stack, CancellationToken ct)
    {
        if (stack.Names.Cloud != Cloud.Azure || Session.Current.IsDryRun) return;
        var outputs = await stack.Pulumi.StackOutputsAsync(ct);
        var vaultUrl = outputs["keyVaultUrl"] is JsonValue v ? v.ToString().TrimEnd('/') : null;
        var overlay = $"platform/secrets-demo/overlays/{stack.Names.CloudName}";
        var rendered = await Rendering.RenderAsync(Session.Current.Root, overlay, ct);
        var store = rendered.Objects.FirstOrDefault(o => o.Kind == "ClusterSecretStore" && o.Name == stack.Names.SecretStore);
        var gitUrl = store?.TextAt("spec", "provider", "azurekv", "vaultUrl")?.TrimEnd('/');
        if (vaultUrl is null || vaultUrl == gitUrl)
        {
            Log.Info($"Key Vault {vaultUrl ?? "(no keyVaultUrl output)"} matches {overlay}");
            return;
        }
        throw new TargetFailedException(
            $"the stack's Key Vault is {vaultUrl}, but {store?.SourceFile ?? overlay} points the ClusterSecretStore at {gitUrl ?? "nothing"}; " +
            $"set spec.provider.azurekv.vaultUrl: {vaultUrl} there, commit and push (Argo CD syncs the store from Git)");
    }
}
