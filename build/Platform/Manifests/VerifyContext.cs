using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Manifests.Schemas;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Manifests;

/// <summary>What the rules look at: every rendered kustomization, the root Applications, the pinned CRDs when
/// they are here, the environment whose names the overlays must carry, the dashboards, and the advice fixes may name.</summary>
public sealed record VerifyContext(string Root, string Environment, IReadOnlyList<RenderedDirectory> Rendered,
    IReadOnlyList<ManifestObject> Roots,
    CrdCatalog? Crds, Remedies Remedies, EnvironmentFiles EnvironmentFiles)
{
    public CrdSchemaValidator Validator { get; } = new();

    /// <summary>The dashboard files in Git, and their panels' PromQL as Prometheus's grammar parses it.</summary>
    public IReadOnlyList<Grafana.Dashboard> Dashboards { get; init; } = [];

    public Grafana.PromQl.Parsed? PromQl { get; init; }

    /// <summary>Every object once per render it appears in, root Applications included.</summary>
    public IEnumerable<ManifestObject> Objects => Rendered.SelectMany(r => r.Objects).Concat(Roots);

    public RenderedDirectory? Directory(string path) => Rendered.FirstOrDefault(r => r.Directory == path.TrimEnd('/'));

    /// <summary>The overlays of one concern, per cloud, for the environment:
    /// platform/&lt;area&gt;/overlays/&lt;env&gt;-&lt;cloud&gt;.</summary>
    public IEnumerable<(Cloud Cloud, RenderedDirectory Directory)> Overlays(string area) =>
        Cloud.All
            .Select(c => (Cloud: c, Directory: Directory(EnvironmentFiles.OverlayFolder(area, Names(c)))))
            .Where(x => x.Directory is not null)
            .Select(x => (x.Cloud, x.Directory!));

    public PlatformNames Names(Cloud cloud) => new(Environment, cloud);
}
