using System.Text;
using Engine;
using Trinity.Build.Platform.ArgoCd;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Docs;

/// <summary>The diagrams the READMEs show, generated so they cannot drift from what they draw: the Deploy chain (the
/// engine's own plan picture), the Argo CD waves per cloud (the real render of platform/), and the identity chain per
/// cloud (the cloud profiles over the committed stack config). Written by GenerateDocs, checked by Verify.</summary>
/// <param name="regenerate">The command that writes them.</param>
public sealed class PlatformDocs(string regenerate)
{
    public const string Readme = "README.md", PlatformReadme = "platform/README.md";

    /// <summary>The sections' names, in their markers.</summary>
    public const string DeployChainId = "deploy-chain", WavesId = "sync-waves", WaveTableId = "sync-wave-table",
        IdentityId = "identity-chain";

    readonly DocSections _sections = new(regenerate);

    public string Regenerate => regenerate;

    /// <summary>Every section's content for the environment the documents show.</summary>
    /// <param name="chain">The target whose plan the README draws, the one cloud it is drawn for, and the picture.</param>
    public static async Task<IReadOnlyDictionary<string, string>> RenderAsync(string root, EnvironmentDeclaration environment,
        (string Target, Cloud Cloud, string Mermaid) chain, CancellationToken ct)
    {
        var names = environment.Clouds.Select(c => new PlatformNames(environment.Name, c)).ToList();
        var waves = await Task.WhenAll(names.Select(async n => (Names: n, Read: await GitWaves.ReadAsync(root, n, ct))));
        if (waves.FirstOrDefault(w => w.Read.Problem is not null).Read.Problem is { } problem) throw new TargetFailedException(problem);
        var overlays = $"platform/{EnvironmentFiles.ArgoCdArea}/overlays/{environment.Name}-<cloud>";
        var waveLanes = waves.Select(w => new WaveLane(w.Names.CloudName, $"{w.Names.CloudName} · root {w.Names.RootApplication}",
            [.. w.Read.Members.Select(m => new WaveNode(m.Kind, m.Name, m.Wave))])).ToList();
        var identities = names.Select(n => (n, n.Cloud.Identity(n, Config(root, n)))).ToList();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeployChainId] = $"The plan of `{chain.Target} --cloud {chain.Cloud.Name}` (`./build.sh --plan {chain.Target} --cloud " +
                $"{chain.Cloud.Name} --format mermaid`;\nwith `--cloud all` each cloud is one lane; solid: depends on, dotted: runs " +
                "after, thick: triggers):\n\n" + Fenced(chain.Mermaid),
            [WavesId] = $"Argo CD sync waves of environment `{environment.Name}`, from the render of `{overlays}`;\na wave starts " +
                $"when every app of the one before is Synced and Healthy:\n\n" +
                Fenced(WaveDiagram.Mermaid($"sync waves of {environment.Name}, rendered from {overlays}", waveLanes)),
            [WaveTableId] = WaveTable(environment, [.. waves.Select(w => (w.Names, w.Read.Members))]),
            [IdentityId] = $"How External Secrets Operator reaches each backend in environment `{environment.Name}` (names from " +
                $"the stacks' naming,\nvalues from the committed `Pulumi.{environment.Name}.yaml` of each cluster and foundation " +
                "stack):\n\n" +
                Fenced(IdentityDiagram.Mermaid($"identity chain of {environment.Name}", identities)),
        };
    }

    /// <summary>Which sections each document holds.</summary>
    static readonly (string File, string[] Sections)[] Documents =
    [
        (Readme, [WavesId, DeployChainId, IdentityId]),
        (PlatformReadme, [WavesId, WaveTableId, IdentityId]),
    ];

    /// <summary>Each document as it should be, or the problem that keeps it from being written (a missing marker).</summary>
    public IReadOnlyList<(string Path, string? Content, string? Problem)> Render(string root,
        IReadOnlyDictionary<string, string> sections) =>
    [
        .. Documents.Select(d =>
        {
            var path = Path.Combine(root, d.File);
            if (!File.Exists(path)) return (d.File, (string?)null, (string?)$"{d.File} is missing");
            var (text, problem) = _sections.Fill(d.File, File.ReadAllText(path), [.. d.Sections.Select(s => (s, sections[s]))]);
            return (d.File, text, problem);
        }),
    ];

    /// <summary>Writes every document, or none when one cannot be filled.</summary>
    public void Write(string root, IReadOnlyDictionary<string, string> sections)
    {
        var documents = Render(root, sections);
        if (documents.FirstOrDefault(d => d.Problem is not null).Problem is { } problem) throw new TargetFailedException(problem);
        foreach (var (path, content, _) in documents) GeneratedFiles.Write(path, content!);
    }

    /// <summary>Fails with each document's diff when one differs from what its sources generate.</summary>
    public void Check(string root, IReadOnlyDictionary<string, string> sections)
    {
        var problems = new List<string>();
        foreach (var (path, content, problem) in Render(root, sections))
            if (problem is not null) problems.Add(problem);
            else if (GeneratedFiles.Drift(path, content!) is { } drift)
                problems.Add($"{path}: a generated diagram differs from what platform/, the stack config and the build's targets " +
                    $"make:\n{drift}");
            else Log.Success($"{path}: its generated diagrams match their sources");
        foreach (var problem in problems) Log.Error(problem);
        if (problems.Count > 0)
            throw new TargetFailedException($"{problems.Count} documents out of step with their diagrams' sources; run {regenerate} " +
                "and commit the result");
    }

    static string Fenced(string mermaid) => $"```mermaid\n{mermaid.TrimEnd('\n')}\n```";

    /// <summary>The committed config of the cluster stack, then the foundation's for the keys it lacks, as the values
    /// `pulumi config` would give (a secret's ciphertext is never read).</summary>
    static Dictionary<string, Pulumi.ConfigValue> Config(string root, PlatformNames names)
    {
        var config = new Dictionary<string, Pulumi.ConfigValue>(StringComparer.Ordinal);
        foreach (var stack in new[] { new InfraStack(names), InfraStack.Foundation(names) })
            foreach (var (key, entry) in StackConfigFile.Read(root, stack.ConfigFile) ?? new Dictionary<string, StackConfigFile.Entry>())
                config.TryAdd(key, new Pulumi.ConfigValue(entry.Value, entry.Secure));
        return config;
    }

    /// <summary>wave | object | source, one row per object the clouds share (their names with &lt;cloud&gt;), and a row
    /// per cloud for one that only some clouds have.</summary>
    static string WaveTable(EnvironmentDeclaration environment, (PlatformNames Names, IReadOnlyList<GitWaveMember> Members)[] clouds)
    {
        var rows = clouds.SelectMany(c => c.Members.Select(m => (Cloud: c.Names.CloudName, m.Wave,
                Object: Templated(m.IsProject ? $"AppProject `{m.Name}`" : $"`{m.Name}`", c.Names),
                Source: Templated($"`{m.Source}`", c.Names))))
            .GroupBy(r => (r.Wave, r.Object, r.Source))
            .OrderBy(g => g.Key.Wave).ThenBy(g => g.Key.Object, StringComparer.Ordinal)
            .Select(g => (g.Key.Wave, g.Key.Object, g.Key.Source, Clouds: g.Select(r => r.Cloud).ToList()));
        var text = new StringBuilder("| wave | object | source |\n| --- | --- | --- |\n");
        foreach (var (wave, what, source, only) in rows)
            text.Append($"| {wave} | {Summary.Cell(what)}{(only.Count < clouds.Length ? $" ({string.Join(", ", only)} only)" : "")} | " +
                $"{Summary.Cell(source)} |\n");
        return text.ToString();

        string Templated(string text, PlatformNames names) => text
            .Replace($"{environment.Name}-{names.CloudName}", "<env>-<cloud>", StringComparison.Ordinal)
            .Replace($"-{names.CloudName}", "-<cloud>", StringComparison.Ordinal);
    }
}
