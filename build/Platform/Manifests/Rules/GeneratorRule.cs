using Trinity.Build.Platform.ExternalSecrets;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>An ExternalSecret that reads a generator (docs/grafana.md#generated-secrets): the generator is rendered
/// beside it at the apiVersion it names, the ExternalSecret does not regenerate on every refresh, and — its CRD not being
/// among the pinned ones, so the schema rules do not see it — a Password spells out the fields its CRD requires or
/// defaults, recorded here from external-secrets 2.9.0 (config/crds/bases/generators.external-secrets.io_passwords.yaml).</summary>
public static class GeneratorRule
{
    public const string Id = "generator";

    /// <summary>ESO's ExternalSecret CRD defaults generatorRef.apiVersion to this.</summary>
    const string DefaultApiVersion = EsoKinds.GeneratorGroup + "/v1alpha1";

    /// <summary>Password v1alpha1: required allowRepeat, length, noUpper; defaulted encoding (and those three).</summary>
    static readonly string[] PasswordFields = ["length", "noUpper", "allowRepeat", "encoding"];

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var directory in context.Rendered)
        foreach (var es in directory.Objects.Where(o => o.Is(EsoKinds.ExternalSecret)))
        {
            var sources = ExternalSecretSources.Of(es.Body);
            if (sources.RegeneratesPeriodically)
                yield return Finding.For(es, Id,
                    $"reads a generator with refreshPolicy {sources.RefreshPolicy ?? "Periodic (the default)"}: every " +
                        $"{sources.RefreshInterval ?? "1h0m0s (the default)"} ESO generates a new value and replaces the Secret",
                    "set spec.refreshPolicy: CreatedOnce (generate once), or OnChange (again only when the ExternalSecret changes)");
            foreach (var reference in sources.Generators)
            {
                var generator = directory.Objects.FirstOrDefault(o => o.Group == EsoKinds.GeneratorGroup && o.Kind == reference.Kind
                    && o.Name == reference.Name);
                if (generator is null)
                {
                    yield return Finding.For(es, Id,
                        $"spec.dataFrom names generator {reference.Kind} '{reference.Name}', which {directory.Directory} does not " +
                            "render: ESO cannot sync it",
                        $"add the {reference.Kind} beside the ExternalSecret (same namespace), or fix the name");
                    continue;
                }
                var apiVersion = reference.ApiVersion ?? DefaultApiVersion;
                if (apiVersion != generator.ApiVersion)
                    yield return Finding.For(es, Id,
                        $"generatorRef.apiVersion is {apiVersion}, but {generator.Id} is {generator.ApiVersion}",
                        $"make them the same ({DefaultApiVersion} in external-secrets 2.9.0)");
            }
        }

        // A pinned Password CRD, should one be added, makes this the schema rules' work.
        if (context.Crds?.Knows(EsoKinds.Password.Group, EsoKinds.Password.Kind) == true) yield break;
        foreach (var password in context.Objects.Where(o => o.Is(EsoKinds.Password)).DistinctBy(o => (o.SourceFile, o.Name)))
        {
            if (password.ApiVersion != EsoKinds.Password.ApiVersion)
                yield return Finding.For(password, Id, $"apiVersion {password.ApiVersion}: external-secrets 2.9.0 serves Password as " +
                    EsoKinds.Password.ApiVersion, $"use apiVersion {EsoKinds.Password.ApiVersion}");
            var missing = PasswordFields.Where(f => password.At("spec", f) is null).ToList();
            if (missing.Count > 0)
                yield return Finding.For(password, Id,
                    $"spec leaves out {string.Join(", ", missing)}, which the Password CRD requires or defaults: the API server " +
                        "refuses it or fills them in, and Argo CD shows it OutOfSync",
                    $"spell them out in {password.SourceFile} (CRD defaults: length 24, noUpper false, allowRepeat false, encoding raw)");
        }
    }
}
