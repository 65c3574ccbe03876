namespace Trinity.Build.Platform.Manifests.Schemas;

/// <summary>The upstream CRDs the platform is pinned to: External Secrets 2.9.0 (the chart version in
/// platform/argocd) and Argo CD at the commit the facts were read from. Files are checked against these digests
/// wherever they come from.</summary>
public static class PinnedCrds
{
    public sealed record File(string Name, string Url, string Sha256);

    const string ExternalSecrets = "https://raw.githubusercontent.com/external-secrets/external-secrets/cc5bfbc2234ace9cb0caff4ea89c435cf517b27b/config/crds/bases/";
    const string ArgoCd = "https://raw.githubusercontent.com/argoproj/argo-cd/37ee0097cf851bc2dd7665fc081bbce61a7e836e/manifests/crds/";

    public static IReadOnlyList<File> Files { get; } =
    [
        new("argocd_application-crd.yaml", ArgoCd + "application-crd.yaml", "9fd0da3e7097ad6d1af614fabd5c960bc7ddb00d768c3ef485a2fda6e9460df8"),
        new("argocd_appproject-crd.yaml", ArgoCd + "appproject-crd.yaml", "ab225266944322750136f1198d93786e4a79a0e43c8d149abfba44da30a3eac8"),
        new("external-secrets.io_clustersecretstores.yaml", ExternalSecrets + "external-secrets.io_clustersecretstores.yaml", "f847c69ae317a76527fc37c163ddfe15d9026e14eb47dd325319e914e0433c2a"),
        new("external-secrets.io_externalsecrets.yaml", ExternalSecrets + "external-secrets.io_externalsecrets.yaml", "5044be5a610ca90a075f34f03ed20b462695c43387ba9410db7f4250e47b1e2f"),
        new("external-secrets.io_secretstores.yaml", ExternalSecrets + "external-secrets.io_secretstores.yaml", "7f750858d393913915a2f15daff9e1d2f56ca207c09920c055d7a68cceacb641"),
    ];
}
