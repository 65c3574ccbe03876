using System.Diagnostics;
using Engine;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Grafana;
using Trinity.Build.Platform.Manifests.Rules;
using Trinity.Build.Platform.Manifests.Schemas;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Manifests;

public sealed record VerifyOutcome(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Rules, IReadOnlyList<string> SkippedRules,
    int Kustomizations, int Objects, TimeSpan Duration)
{
    public int Errors => Findings.Count(f => f.Severity == Severity.Error);
    public int Warnings => Findings.Count(f => f.Severity == Severity.Warning);
}

/// <summary>Offline verification of platform/: render every kustomization with the real kubectl, then run every
/// rule over the rendered objects. Which rules need the pinned CRDs, and what happens when they are not here, is
/// decided here; the rules themselves only look.</summary>
public static class ManifestVerifier
{
    public const string RootsFolder = EnvironmentFiles.RootsFolder;

    /// <summary>Each rule; a per-environment one runs once for every declared environment, with that environment's names.</summary>
    static readonly (string Id, bool NeedsCrds, bool PerEnvironment, Func<VerifyContext, IEnumerable<Finding>> Check)[] Rules =
    [
        (SchemaRule.Id, false, false, SchemaRule.Check),
        (CrdDefaultsRule.Id, true, false, CrdDefaultsRule.Check),
        (WaveRule.Id, false, false, WaveRule.Check),
        (RetryRule.Id, false, false, RetryRule.Check),
        ($"{ProjectRules.PinId}, {ProjectRules.RepoId}, {ProjectRules.KindId}", false, false, ProjectRules.Check),
        ($"{SecretValueRule.SecretId}, {SecretValueRule.CredentialId}", false, false, SecretValueRule.Check),
        ($"{CatalogRule.CatalogId}, {CatalogRule.StoreId}", false, true, CatalogRule.Check),
        (GeneratorRule.Id, false, false, GeneratorRule.Check),
        ($"{DashboardRule.DashboardId}, {DashboardRule.PromQlId}", false, false, DashboardRule.Check),
        ($"{PrometheusRule.PlaceholderId}, {PrometheusRule.FilesId}, {PrometheusRule.LabelsId}, {PrometheusRule.ReloadId}", false, true,
            PrometheusRule.Check),
        (PathRule.Id, false, false, PathRule.Check),
        ($"{StackConfigRule.AgreementId}, {StackConfigRule.PlaintextId}", false, true, StackConfigRule.Check),
        (EnvironmentRule.Id, false, false, EnvironmentRule.Check),
    ];

    public static async Task<VerifyOutcome> RunAsync(string environment, string? crdDir, string? crdMirror, bool strict, Remedies remedies,
        EnvironmentFiles environmentFiles, CancellationToken ct)
    {
        var root = Session.Current.Root;
        var clock = Stopwatch.StartNew();
        var pins = PinnedCrds.Load(root);
        var located = CrdSource.LocateAsync(pins, crdDir, crdMirror, ct);
        var dashboards = Dashboard.ReadAll(root);
        var promQl = PromQl.ParseAsync([.. dashboards.SelectMany(d => d.Panels).SelectMany(p => p.Expressions)], ct);
        var rendered = await Rendering.RenderAllAsync(root, ct);
        var (crdFolder, crdProblem) = await located;

        var findings = new List<Finding>(rendered.Select(r => r.Failure).OfType<Finding>());
        // platform/argocd/roots/<env>-<cloud>: the root Applications the Pulumi stacks apply.
        var roots = rendered.Where(r => r.Directory.StartsWith(RootsFolder + "/", StringComparison.Ordinal)
            && !r.Directory.EndsWith("/base", StringComparison.Ordinal))
            .SelectMany(r => r.Objects).Where(Applications.IsApplication).ToList();
        // Every kustomization must render; the rules look at what Argo CD applies: what the roots reach.
        var context = new VerifyContext(root, environment, Reachable(rendered, roots), roots,
            crdFolder is null ? null : CrdCatalog.Load(crdFolder, pins), remedies, environmentFiles)
            { Dashboards = dashboards, PromQl = await promQl };
        var skipped = context.Crds is null ? Rules.Where(r => r.NeedsCrds).Select(r => r.Id).Append("schema (custom resources)")
            .ToList() : [];
        if (context.Crds is null)
            findings.Add(new Finding("-", "-", "crds",
                $"schema and CRD-default rules skipped: the pinned CRDs are not here ({crdProblem})",
                "pass --crd-dir <folder> (a folder of pinned CRDs beside the checkout; CI provides one), or let Verify download them " +
                    "once (network)",
                strict ? Severity.Error : Severity.Warning));

        // Every declared environment in one run; with none declared, the one in force.
        var environments = EnvironmentDeclaration.Read(root).Select(d => d.Name).DefaultIfEmpty(environment).ToList();
        foreach (var rule in Rules.Where(r => context.Crds is not null || !r.NeedsCrds))
            foreach (var each in rule.PerEnvironment ? environments : [environment])
                findings.AddRange(rule.Check(context with { Environment = each }));

        // Runs the real render script and promtool, so it is not one of the looking rules above.
        var (promtool, promtoolSkipped) = await PromtoolRule.CheckAsync(context, ct);
        findings.AddRange(promtool);
        if (promtoolSkipped is not null)
        {
            skipped.Add(PromtoolRule.Id);
            findings.Add(new Finding("-", "-", PromtoolRule.Id, $"promtool rule skipped: {promtoolSkipped}",
                "install the Prometheus tools the README lists, or accept that the rendered config is not checked",
                strict ? Severity.Error : Severity.Warning));
        }

        var distinct = findings.DistinctBy(f => (f.File, f.Object, f.Rule, f.Message)).ToList();
        return new VerifyOutcome(distinct, [.. Rules.Select(r => r.Id), PromtoolRule.Id], skipped, rendered.Count,
            rendered.Sum(r => r.Objects.Count),
            clock.Elapsed);
    }

    /// <summary>The kustomizations Argo CD syncs: the roots' paths, then the paths of the Applications they render.</summary>
    static List<RenderedDirectory> Reachable(IReadOnlyList<RenderedDirectory> rendered, IReadOnlyList<ManifestObject> roots)
    {
        var reached = new List<RenderedDirectory>();
        var queue = new Queue<ManifestObject>(roots);
        while (queue.TryDequeue(out var app))
            foreach (var path in Applications.Sources(app).Select(s => Applications.Text(s, "path")).OfType<string>())
            {
                if (rendered.FirstOrDefault(r => r.Directory == path.TrimEnd('/')) is not { } directory
                    || reached.Contains(directory)) continue;
                reached.Add(directory);
                foreach (var child in directory.Objects.Where(Applications.IsApplication)) queue.Enqueue(child);
            }
        return reached;
    }
}
