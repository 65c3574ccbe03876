using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.ExternalSecrets;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Git against the committed stack config, before any cloud is touched: every value the ClusterSecretStore
/// repeats (region, project, zone, the Azure vault URL from the foundation's trinity:keyVaultName), the foundation and
/// the cluster stack in one project, and no backend secret value in plain text in any Pulumi.&lt;stack&gt;.yaml (a
/// `pulumi config set --secret` value is committed as `secure:` ciphertext). A finding never shows a secret's value.</summary>
public static class StackConfigRule
{
    public const string AgreementId = "stack-config", PlaintextId = "plaintext-secret";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var cloud in Cloud.All)
            foreach (var finding in Agreement(context, cloud)) yield return finding;
        foreach (var finding in Plaintext(context)) yield return finding;
    }

    static IEnumerable<Finding> Agreement(VerifyContext context, Cloud cloud)
    {
        var names = context.Names(cloud);
        var cluster = new InfraStack(names);
        var foundation = InfraStack.Foundation(names);
        var clusterConfig = StackConfigFile.Read(context.Root, cluster.ConfigFile);
        var foundationConfig = StackConfigFile.Read(context.Root, foundation.ConfigFile);
        var store = context.Directory(names.SecretsDemoOverlay)?.Objects
            .FirstOrDefault(o => o.Is(EsoKinds.ClusterSecretStore) && o.Name == names.SecretStore);

        foreach (var agreement in cloud.Store.Agreement)
        {
            var (file, config) = agreement.InFoundation ? (foundation.ConfigFile, foundationConfig) : (cluster.ConfigFile, clusterConfig);
            // A missing file or key is Preflight's to name (it holds for the stack, not only for Git).
            if (store is null || config?.GetValueOrDefault(agreement.ConfigKey) is not { Secure: false, Value: { } value }) continue;
            var expected = agreement.ExpectedFrom(value);
            var found = store.TextAt([.. agreement.Field]);
            if (!StoreAgreement.Same(expected, found))
                // The value stands in the environment's generated overlay, which GenerateEnvironments writes from this config.
                yield return Finding.For(store, AgreementId,
                    $"{string.Join('.', agreement.Field)} is '{found ?? "(not set)"}', but {file} sets {agreement.ConfigKey}: " +
                        $"{value}, so it must be '{expected}'",
                    $"run {context.EnvironmentFiles.Regenerate} (it writes {names.SecretsDemoOverlay} from {file}), or change " +
                        $"{agreement.ConfigKey} in {file}; they name the same backend") with
                { File = $"{names.SecretsDemoOverlay}/kustomization.yaml" };
        }

        // The foundation enables APIs and grants access in one project; the cluster must live there too.
        foreach (var key in cloud.FoundationConfig.Intersect(cloud.StackConfig))
            if (clusterConfig?.GetValueOrDefault(key)?.Value is { } a && foundationConfig?.GetValueOrDefault(key)?.Value is { } b
                && a != b)
                yield return new Finding(cluster.ConfigFile, key, AgreementId,
                    $"{key} is '{a}' here but '{b}' in {foundation.ConfigFile}: the cluster and its foundation must agree",
                    $"set the same {key} in both files");
    }

    static IEnumerable<Finding> Plaintext(VerifyContext context)
    {
        var folder = Path.Combine(context.Root, "infra", "pulumi");
        if (!Directory.Exists(folder)) yield break;
        var catalog = BackendCatalog.Entries.Select(e => e.ConfigKey).ToHashSet();
        foreach (var path in Directory.EnumerateFiles(folder, "Pulumi.*.yaml", SearchOption.AllDirectories)
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}",
                         StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var file = Path.GetRelativePath(context.Root, path).Replace('\\', '/');
            var stack = Path.GetFileNameWithoutExtension(path)["Pulumi.".Length..];
            var directory = Path.GetDirectoryName(file)!.Replace('\\', '/');
            var config = StackConfigFile.Read(context.Root, file);
            foreach (var (key, entry) in config ?? new Dictionary<string, StackConfigFile.Entry>())
                if (catalog.Contains(key) && !entry.Secure)
                    yield return new Finding(file, key, PlaintextId,
                        $"{key} is plain text: a backend secret value must be committed as ciphertext (secure:), never as itself",
                        $"pulumi -C {directory} config set --stack {stack} --secret {key} <value>, then commit {file}");
        }
    }
}
