using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>The declared environments (platform/environments/&lt;env&gt;.yaml) and the root Applications agree: every
/// declaration reads, every cloud it names has its root, every root belongs to a declared environment and cloud, and
/// each root follows the revision its environment declares.</summary>
public static class EnvironmentRule
{
    public const string Id = "environment";

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        var all = EnvironmentDeclaration.ReadAll(context.Root);
        foreach (var (file, _, problem) in all.Where(d => d.Problem is not null))
            yield return new Finding(file, "-", Id, problem!, $"see {EnvironmentDeclaration.Folder}/{Declared(all)}.yaml for the form");
        var declarations = all.Select(d => d.Declaration).OfType<EnvironmentDeclaration>().ToList();

        foreach (var declaration in declarations)
            foreach (var cloud in declaration.Clouds)
            {
                var names = new PlatformNames(declaration.Name, cloud);
                var folder = EnvironmentFiles.RootFolder(names);
                if (!File.Exists(Path.Combine(context.Root, folder, "kustomization.yaml")))
                {
                    yield return new Finding(declaration.File, "-", Id,
                        $"environment {declaration.Name} runs on {cloud.Name} but has no root Application: {folder} is missing",
                        $"add {folder}/kustomization.yaml (as the other roots), or drop {cloud.Name} from clouds");
                    continue;
                }
                // A root named otherwise is the app-path rule's finding.
                var root = context.Roots.FirstOrDefault(r => r.Name == names.RootApplication);
                if (root is not null && root.TextAt("spec", "source", "targetRevision") is var revision && revision != declaration.Revision)
                    yield return Finding.For(root, Id,
                        $"{names.RootApplication} follows '{revision}', but {declaration.File} declares revision '{declaration.Revision}'",
                        $"make the root's spec.source.targetRevision {declaration.Revision}, or change revision in {declaration.File}");
            }

        // The generated kustomizations as their declaration and the stack config make them; a hand edit is drift.
        var expected = new List<(string Path, string Content)>();
        foreach (var declaration in declarations)
            foreach (var cloud in declaration.Clouds)
            {
                string? unrendered = null;
                try
                {
                    expected.AddRange(context.EnvironmentFiles.Render(declaration, cloud));
                }
                catch (Engine.TargetFailedException e)
                {
                    unrendered = e.Message;
                }
                if (unrendered is not null)
                    yield return new Finding(declaration.File, "-", Id,
                        $"the kustomizations of {declaration.Name} on {cloud.Name} cannot be generated: {unrendered}",
                        $"set the value, then run {context.EnvironmentFiles.Regenerate}");
            }
        foreach (var (path, content) in expected)
            if (Engine.GeneratedFiles.Drift(path, content) is { } drift)
                yield return new Finding(path, "-", Id, drift.Contains('\n')
                        ? $"differs from what its declaration generates:\n{drift}" : drift,
                    $"run {context.EnvironmentFiles.Regenerate} and commit the result (edit the declaration or the stack config, not " +
                        "this file)");

        var rootsFolder = Path.Combine(context.Root, ManifestVerifier.RootsFolder);
        if (!Directory.Exists(rootsFolder)) yield break;
        foreach (var name in Directory.EnumerateDirectories(rootsFolder).Select(Path.GetFileName).OfType<string>()
                     .Where(n => n != "base").Order(StringComparer.Ordinal))
        {
            var owner = declarations.SelectMany(d => d.Clouds.Select(c => (Declaration: d, Cloud: c)))
                .FirstOrDefault(x => $"{x.Declaration.Name}-{x.Cloud.Name}" == name);
            if (owner.Declaration is null)
                yield return new Finding($"{ManifestVerifier.RootsFolder}/{name}/kustomization.yaml", "-", Id,
                    $"root of '{name}', which no declared environment runs (declared: " +
                        $"{string.Join(", ", declarations.SelectMany(d => d.Clouds.Select(c => $"{d.Name}-{c.Name}")))})",
                    $"declare the environment in {EnvironmentDeclaration.Folder}/<env>.yaml with the cloud in its clouds, or remove " +
                        "the folder");
        }
    }

    static string Declared(IReadOnlyList<(string File, EnvironmentDeclaration? Declaration, string? Problem)> all) =>
        all.Select(d => d.Declaration?.Name).OfType<string>().FirstOrDefault() ?? "<env>";
}
