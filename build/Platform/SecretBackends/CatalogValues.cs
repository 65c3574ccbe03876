using Engine;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>What belongs in a cloud's backend: each catalog secret with its value from `pulumi config --show-secrets`.</summary>
public static class CatalogValues
{
    /// <summary>A missing key is one line naming the key and the command that sets it.</summary>
    public static IReadOnlyList<(string Name, string Value)> From(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config)
    {
        var values = new List<(string, string)>();
        foreach (var secret in stack.Names.BackendSecrets)
        {
            var value = config.GetValueOrDefault(secret.ConfigKey)?.Value
                ?? throw new TargetFailedException($"pulumi config for {stack.DisplayDirectory} lacks {secret.ConfigKey}\n    → " +
                    $"{stack.Pulumi.SetCommand(secret.ConfigKey, secret: true)}");
            // Also values set without --secret: whatever goes into a backend is a secret here.
            Secrets.Register(value);
            values.Add((secret.Name, value));
        }
        return values;
    }
}
