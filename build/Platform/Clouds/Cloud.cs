using System.Text.Json.Nodes;
using Engine;
using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.SecretBackends;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Clouds;

/// <summary>One cloud of the platform and everything the build knows about it; every leg asks the cloud instead of
/// switching on it. Adding a cloud is one subclass and one entry in <see cref="All"/>: the compiler names every member
/// it must answer.</summary>
public abstract class Cloud : IChoice<Cloud>
{
    public static Cloud Aws { get; } = new AwsCloud();
    public static Cloud Gcp { get; } = new GcpCloud();
    public static Cloud Azure { get; } = new AzureCloud();

    /// <summary>Every cloud, in the order they are listed, planned and reported.</summary>
    public static IReadOnlyList<Cloud> All { get; } = [Aws, Gcp, Azure];

    /// <summary>aws, gcp, azure: the value of --cloud and the suffix of every per-cloud name.</summary>
    public abstract string Name { get; }

    /// <summary>Config keys of the cluster stack besides trinity:env: where the cluster goes. Never secret.</summary>
    public abstract IReadOnlyList<string> StackConfig { get; }

    /// <summary>The ClusterSecretStore platform/secrets-demo gives this cloud's backend.</summary>
    public abstract SecretStore Store { get; }

    /// <summary>The cloud's own CLI: how its version and the signed-in identity are read, and the remedies.</summary>
    public abstract CloudCli Cli { get; }

    /// <summary>The backend the catalog secrets live in, found from the stack's config (or outputs).</summary>
    public abstract Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        string? keyVault,
        Remedies remedies, CancellationToken ct);

    /// <summary>The workflow steps that sign a job in to this cloud with OIDC (the caller adds the condition).</summary>
    public abstract IReadOnlyList<Step> SignIn { get; }

    /// <summary>Checks only this cloud needs before `pulumi up` (GCP: the APIs Pulumi needs to enable the others).</summary>
    public virtual Task<IReadOnlyList<Check>> PreflightAsync(IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Check>>([]);

    /// <summary>What the stack only knows once `up` has run and Git must agree with (Azure: the Key Vault).</summary>
    public virtual Task AfterUpAsync(InfraStack stack, CancellationToken ct) => Task.CompletedTask;

    public override string ToString() => Name;

    /// <summary>A config value the backend needs; a missing one is one line naming the key and the command that sets it.</summary>
    protected static string Required(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config, string key) =>
        config.GetValueOrDefault(key)?.Value is { Length: > 0 } value ? value
            : throw new TargetFailedException($"pulumi config for {stack.DisplayDirectory} lacks {key}\n    → " +
                $"{stack.Pulumi.SetCommand(key, secret: false)}");
}

/// <summary>The ClusterSecretStore of a cloud: its name, the key under spec.provider, and the stack config values it
/// repeats (Preflight compares them).</summary>
public sealed record SecretStore(string Name, string Provider, IReadOnlyList<StoreAgreement> Agreement);

/// <summary>A stack config key whose value the ClusterSecretStore in Git repeats at <see cref="Field"/>.</summary>
public sealed record StoreAgreement(string ConfigKey, IReadOnlyList<string> Field);

/// <summary>A cloud's CLI for Preflight: the version probe, the identity probe and what it shows, and the remedies.</summary>
public sealed record CloudCli(Engine.Processes.Tool Tool, IReadOnlyList<string> VersionArgs, string Install,
    IReadOnlyList<string> IdentityArgs,
    Func<JsonNode, string> Identity, string SignIn);
