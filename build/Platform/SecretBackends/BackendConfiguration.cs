using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>Where one cloud's backend is and what belongs in it: the region or project from the stack's config,
/// the Key Vault from the stack's outputs (or --key-vault), the values from `pulumi config --show-secrets`.</summary>
public static class BackendConfiguration
{
    public static async Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Tools.Pulumi.ConfigValue> config, string? keyVault, CancellationToken ct)
    {
        var prefix = stack.Names.Cluster + "-";
        // A dry run reads no config: its commands show the key in place of the value.
        string Required(string key) => config.GetValueOrDefault(key)?.Value is { Length: > 0 } v ? v
            : Session.Current.IsDryRun ? $"<{key}>"
            : throw new TargetFailedException($"pulumi config for {stack.DisplayDirectory} lacks {key}\n    → {stack.Pulumi.SetCommand(key, secret: false)}");
        switch (stack.Names.Cloud)
        {
            case Cloud.Aws: return new AwsSecretsManagerBackend(Required("aws:region"), prefix);
            case Cloud.Gcp: return new GcpSecretManagerBackend(Required("gcp:project"), prefix);
            default:
                var vault = keyVault ?? (Session.Current.IsDryRun ? "<keyVaultName>" : (await stack.Pulumi.StackOutputsAsync(ct))["keyVaultName"] is JsonValue v ? v.ToString() : null)
                    ?? throw new TargetFailedException($"{stack.DisplayDirectory} has no keyVaultName output yet: run ./build.sh Up --cloud azure first, or pass --key-vault <name>");
                return new AzureKeyVaultBackend(vault, TimeSpan.FromMinutes(2));
        }
    }

    /// <summary>Each catalog secret with its value. A missing key is one line naming the key and the command that sets it.</summary>
    public static IReadOnlyList<(string Name, string Value)> Values(InfraStack stack, IReadOnlyDictionary<string, Tools.Pulumi.ConfigValue> config)
    {
        var values = new List<(string, string)>();
        foreach (var secret in stack.Names.BackendSecrets)
        {
            var value = config.GetValueOrDefault(secret.ConfigKey)?.Value;
            if (value is null && Session.Current.IsDryRun) value = $"<{secret.ConfigKey}>";
            if (value is null)
                throw new TargetFailedException($"pulumi config for {stack.DisplayDirectory} lacks {secret.ConfigKey}\n    → {stack.Pulumi.SetCommand(secret.ConfigKey, secret: true)}");
            // Also values set without --secret: whatever goes into a backend is a secret here.
            Secrets.Register(value);
            values.Add((secret.Name, value));
        }
        return values;
    }
}
