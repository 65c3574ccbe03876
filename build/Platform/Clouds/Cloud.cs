using System.Text.Json.Nodes;
using Engine;
using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.GitHub;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.SecretBackends;
using Trinity.Build.Platform.Teardown;
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

    /// <summary>Config keys of the foundation stack besides trinity:env and trinity:githubRepository. Never secret.</summary>
    public abstract IReadOnlyList<string> FoundationConfig { get; }

    /// <summary>The ClusterSecretStore platform/secrets-demo gives this cloud's backend.</summary>
    public abstract SecretStore Store { get; }

    /// <summary>The chain from External Secrets Operator's ServiceAccount to the backend, from the committed config of the
    /// cluster and foundation stacks (a value missing or secret shows as a placeholder naming its key): what the identity
    /// diagrams draw.</summary>
    public abstract IdentityChain Identity(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config);

    /// <summary>The cloud's own CLI: how its version and the signed-in identity are read, and the remedies.</summary>
    public abstract CloudCli Cli { get; }

    /// <summary>The backend the catalog secrets live in, found from the stack's config (or outputs).</summary>
    public abstract Task<ISecretBackend> BackendAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        string? keyVault,
        Remedies remedies, CancellationToken ct);

    /// <summary>The workflow steps that sign a job in to this cloud with OIDC (the caller adds the condition), for a job
    /// that may run as long as <paramref name="job"/>. They read only <see cref="Variables"/>.</summary>
    public abstract IReadOnlyList<Step> SignIn(TimeSpan job);

    /// <summary>The variables <see cref="SignIn"/> reads, each set per GitHub environment from a foundation output.</summary>
    public abstract IReadOnlyList<GitHubVariable> Variables { get; }

    /// <summary>Environment variables for a step that runs Pulumi's provider of this cloud in a workflow: name → expression
    /// (without `${{ }}`). Empty where the signed-in CLI's credentials serve the provider for the whole job.</summary>
    public virtual IReadOnlyList<(string Name, string Expression)> PulumiEnvironment => [];

    /// <summary>Labels the External Secrets Operator's controller pods need on this cloud (chart value podLabels); empty
    /// where the cloud's identity reads only the ServiceAccount.</summary>
    public virtual IReadOnlyList<(string Key, string Value)> EsoPodLabels => [];

    /// <summary>Checks only this cloud needs before `pulumi up` of the stack (GCP: the APIs it relies on).</summary>
    public virtual Task<IReadOnlyList<Check>> PreflightAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config,
        Remedies remedies, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Check>>([]);

    /// <summary>The cloud-side command that shows what Kubernetes made for a LoadBalancer Service or a claim's volume
    /// (docs/teardown.md#what-the-cloud-keeps): what Destroy names when one outlives its bound.</summary>
    public abstract string Inspect(Remnant remnant, IReadOnlyDictionary<string, Pulumi.ConfigValue> config);

    /// <summary>The cloud-side commands that list every load balancer and disk a cluster's Kubernetes may have made: what
    /// Destroy names when the cluster cannot be asked any more.</summary>
    public abstract IReadOnlyList<string> InspectAll(PlatformNames names, IReadOnlyDictionary<string, Pulumi.ConfigValue> config);

    /// <summary>A config value for a command a user copies: the value, or a placeholder naming the key.</summary>
    protected static string Shown(IReadOnlyDictionary<string, Pulumi.ConfigValue> config, string key) =>
        config.GetValueOrDefault(key)?.Value is { Length: > 0 } value ? value : $"<{key}>";

    public override string ToString() => Name;

    /// <summary>A config value the backend needs; a missing one is one line naming the key and the command that sets it.</summary>
    protected static string Required(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> config, string key) =>
        config.GetValueOrDefault(key)?.Value is { Length: > 0 } value ? value
            : throw new TargetFailedException($"pulumi config for {stack.DisplayDirectory} lacks {key}\n    → " +
                $"{stack.Pulumi.SetCommand(key, secret: false)}");
}

/// <summary>The ClusterSecretStore of a cloud: its name, the key under spec.provider, and the stack config values it
/// repeats (Verify compares them with the committed stack config, Preflight with the stack's).</summary>
public sealed record SecretStore(string Name, string Provider, IReadOnlyList<StoreAgreement> Agreement)
{
    /// <summary>Where the store names its cluster (GCP workload identity), or null: set to trinity-&lt;env&gt;-&lt;cloud&gt;.</summary>
    public IReadOnlyList<string>? ClusterNameField { get; init; }
}

/// <summary>A stack config key whose value the ClusterSecretStore in Git repeats at <see cref="Field"/>, as
/// <see cref="Expected"/> makes it (the value itself when null); read from the foundation's config when
/// <see cref="InFoundation"/>.</summary>
public sealed record StoreAgreement(string ConfigKey, IReadOnlyList<string> Field, bool InFoundation = false,
    Func<string, string>? Expected = null)
{
    /// <summary>What the store must say, given the config value.</summary>
    public string ExpectedFrom(string configValue) => Expected?.Invoke(configValue) ?? configValue;

    /// <summary>URLs compare without a trailing slash: Azure reports one, people write none.</summary>
    public static bool Same(string? expected, string? found) =>
        string.Equals(expected?.TrimEnd('/'), found?.TrimEnd('/'), StringComparison.Ordinal);
}

/// <summary>A cloud's CLI for Preflight: the version probe, the identity probe and what it shows, and the remedies.</summary>
public sealed record CloudCli(Engine.Processes.Tool Tool, IReadOnlyList<string> VersionArgs, string Install,
    IReadOnlyList<string> IdentityArgs,
    Func<JsonNode, string> Identity, string SignIn);
