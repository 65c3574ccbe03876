namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Sync waves per cloud: every child Application has one, and AppProject &lt; plain apps &lt; External Secrets
/// Operator &lt; every app that creates ESO objects (the ESO webhook must be up before they are applied).</summary>
public static class WaveRule
{
    public const string Id = "wave";
    const string EsoGroup = ExternalSecrets.EsoKinds.Group;

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var (_, overlay) in context.Overlays("argocd"))
        {
            var apps = overlay.Objects.Where(Applications.IsApplication).ToList();
            foreach (var o in overlay.Objects.Where(o => (Applications.IsApplication(o) || Applications.IsProject(o))
                && Applications.Wave(o) is null))
                yield return Finding.For(o, Id, $"no {Applications.WaveAnnotation} annotation (or not a whole number)",
                    $"annotate it with {Applications.WaveAnnotation}: \"<wave>\" (AppProject -1, apps 0, ESO 1, ESO users 2)");

            var projectWave = overlay.Objects.Where(Applications.IsProject).Select(Applications.Wave).Min();
            var eso = apps.Where(IsEso).ToList();
            var esoWave = eso.Select(Applications.Wave).Min();
            foreach (var app in apps.Where(a => Applications.Wave(a) is not null))
            {
                var wave = Applications.Wave(app)!.Value;
                if (projectWave is { } p && wave <= p)
                    yield return Finding.For(app, Id, $"wave {wave} is not after the AppProject's wave {p}",
                        $"give {app.Name} a wave after {p}");
                if (IsEso(app)) continue;
                // A generator (generators.external-secrets.io) needs ESO's CRDs just as much.
                var usesEso = Creates(context, app).Any(o => o.Group is EsoGroup or ExternalSecrets.EsoKinds.GeneratorGroup);
                if (usesEso && esoWave is { } e && wave <= e)
                    yield return Finding.For(app, Id,
                        $"creates External Secrets objects in wave {wave}, not after the ESO Application's wave {e}: its CRDs and " +
                            $"webhook are not ready yet",
                        $"give {app.Name} a wave after {e}");
                if (usesEso && eso.Count == 0)
                    yield return Finding.For(app, Id,
                        "creates External Secrets objects but no Application installs External Secrets Operator",
                            "add the ESO Application (chart external-secrets) in an earlier wave");
                if (!usesEso && esoWave is { } e2 && wave >= e2)
                    yield return Finding.For(app, Id, $"wave {wave} is not before the ESO Application's wave {e2} (plain apps come first)",
                        $"give {app.Name} a wave before {e2}");
            }
        }
    }

    /// <summary>The Helm chart of External Secrets Operator.</summary>
    public const string EsoChart = "external-secrets";

    public static bool IsEso(ManifestObject app) => Applications.Sources(app).Any(s => Applications.Text(s, "chart") == EsoChart);

    /// <summary>What an Application with a Git path creates: the render of that path.</summary>
    public static IReadOnlyList<ManifestObject> Creates(VerifyContext context, ManifestObject app) =>
        [.. Applications.Sources(app).Select(s => Applications.Text(s, "path")).OfType<string>()
            .SelectMany(path => context.Directory(path)?.Objects ?? [])];
}
