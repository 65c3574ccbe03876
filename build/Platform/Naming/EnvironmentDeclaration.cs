using System.Text.RegularExpressions;
using Trinity.Build.Platform.Clouds;
using YamlDotNet.RepresentationModel;

namespace Trinity.Build.Platform.Naming;

/// <summary>One environment as platform/environments/&lt;name&gt;.yaml declares it: the revision its Applications follow,
/// the clouds it runs on and the Kubernetes minor of their clusters (as written; Preflight judges its shape). Read once
/// into this type; everything per environment derives from it.</summary>
public sealed partial record EnvironmentDeclaration(string Name, string Revision, IReadOnlyList<Cloud> Clouds, string? Kubernetes = null)
{
    public const string Folder = "platform/environments";

    /// <summary>images.mandelbrot: the image platform/mandelbrot runs in this environment; null keeps the one its
    /// deployment.yaml names.</summary>
    public ImageReference? MandelbrotImage { get; init; }

    public const string ImagesKey = "images", MandelbrotImageKey = "mandelbrot";

    /// <summary>What AddEnvironment declares when the environment it copies declares no Kubernetes minor (README,
    /// "Cluster hardening"): a minor every cloud offers, the one the cluster stacks were written for.</summary>
    public const string DefaultKubernetes = "1.33";

    /// <summary>infra/pulumi/shared/naming.ts envPattern: the tightest derived name (a GCP service account id) allows
    /// eight characters.</summary>
    [GeneratedRegex("^[a-z][a-z0-9]{1,7}$")]
    private static partial Regex NamePattern();

    public const string NameRule = "2-8 lowercase letters and digits, starting with a letter";

    public string File => $"{Folder}/{Name}.yaml";

    public static bool IsName(string name) => NamePattern().IsMatch(name);

    /// <summary>The declaration as a file, with the comments that say what each key means.</summary>
    public static string Write(EnvironmentDeclaration declaration) => $"""
        # The environment {declaration.Name}, declared once: every name of its clusters derives from the file's name
        # (trinity-{declaration.Name}-<cloud>), the workflows offer it as a choice, ConfigureGitHub sets up its GitHub
        # environments, and GenerateEnvironments writes its roots and overlays from this file and its stack config.
        #
        # revision: the Git revision its Applications follow: a branch, or a pinned commit.
        revision: {declaration.Revision}
        # The clouds it runs on, each with a root Application of its own.
        clouds: [{string.Join(", ", declaration.Clouds.Select(c => c.Name))}]
        # kubernetes: the minor (1.<minor>) of every cluster of this environment; the cluster stacks read it.
        kubernetes: "{declaration.Kubernetes ?? DefaultKubernetes}"{Images(declaration)}

        """;

    /// <summary>The images block after the clouds line, or nothing.</summary>
    static string Images(EnvironmentDeclaration declaration) => declaration.MandelbrotImage is not { } image ? ""
        : $"\n# The image platform/mandelbrot runs here (left out: the one its deployment.yaml names).\n{ImagesKey}:\n" +
            $"  {MandelbrotImageKey}: {image}";

    /// <summary>Every declaration in the folder, by name, each read or with the one line that says what is wrong.</summary>
    public static IReadOnlyList<(string File, EnvironmentDeclaration? Declaration, string? Problem)> ReadAll(string root)
    {
        var folder = Path.Combine(root, Folder);
        if (!Directory.Exists(folder)) return [];
        return
        [
            .. Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(path =>
            {
                var file = $"{Folder}/{Path.GetFileName(path)}";
                var (declaration, problem) = Parse(Path.GetFileNameWithoutExtension(path), System.IO.File.ReadAllText(path));
                return (file, declaration, problem);
            }),
        ];
    }

    /// <summary>Every declared environment's name, the given default first, then by name: the workflows' choices.</summary>
    public static IReadOnlyList<string> Names(string root, string defaultEnvironment) =>
    [
        .. Read(root).Select(d => d.Name).OrderBy(env => env == defaultEnvironment ? 0 : 1).ThenBy(env => env, StringComparer.Ordinal),
    ];

    /// <summary>The declaration of one environment, or null when it is not declared (or does not read).</summary>
    public static EnvironmentDeclaration? Find(string root, string name) => Read(root).FirstOrDefault(d => d.Name == name);

    /// <summary>The declarations that read cleanly.</summary>
    public static IReadOnlyList<EnvironmentDeclaration> Read(string root) =>
        [.. ReadAll(root).Select(d => d.Declaration).OfType<EnvironmentDeclaration>()];

    static (EnvironmentDeclaration?, string?) Parse(string name, string text)
    {
        if (!NamePattern().IsMatch(name)) return (null, $"the file name '{name}' is the environment's name and must be {NameRule}");
        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            map = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new YamlDotNet.Core.YamlException("the document is not a mapping");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return (null, $"not readable YAML: {e.Message}");
        }
        var unknown = map.Children.Keys.Select(k => k.ToString()).Where(k => k is not ("revision" or "clouds" or "kubernetes" or ImagesKey))
            .ToList();
        if (unknown.Count > 0)
            return (null, $"unknown key {string.Join(", ", unknown)}; allowed: revision, clouds, kubernetes, {ImagesKey}");
        if (!map.Children.TryGetValue("revision", out var revisionNode)
            || revisionNode is not YamlScalarNode { Value.Length: > 0 } revision)
            return (null, "revision is missing: the branch or commit its Applications follow (main for dev)");
        if (!map.Children.TryGetValue("clouds", out var cloudsNode) || cloudsNode is not YamlSequenceNode { Children.Count: > 0 } list)
            return (null, $"clouds is missing: a list of {string.Join(", ", Cloud.All.Select(c => c.Name))}");
        var clouds = new List<Cloud>();
        foreach (var item in list.Children.Select(c => c.ToString()))
        {
            if (Cloud.All.FirstOrDefault(c => c.Name == item) is not { } cloud)
                return (null, $"clouds: '{item}' is not one of {string.Join(", ", Cloud.All.Select(c => c.Name))}");
            if (!clouds.Contains(cloud)) clouds.Add(cloud);
        }
        var kubernetes = map.Children.TryGetValue("kubernetes", out var k) && k is YamlScalarNode { Value.Length: > 0 } minor
            ? minor : null;
        // Unquoted, YAML reads 1.30 as the number 1.3: the stacks would build another minor than the one written.
        if (kubernetes is { Style: YamlDotNet.Core.ScalarStyle.Plain } && double.TryParse(kubernetes.Value,
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            return (null, $"kubernetes: quote the minor (kubernetes: \"{kubernetes.Value}\"); unquoted, YAML reads it as a number");
        var (image, imageProblem) = ParseImages(map);
        if (imageProblem is not null) return (null, imageProblem);
        return (new EnvironmentDeclaration(name, revision.Value!, clouds, kubernetes?.Value) { MandelbrotImage = image }, null);
    }

    /// <summary>images: {mandelbrot: &lt;image&gt;}, or nothing.</summary>
    static (ImageReference?, string?) ParseImages(YamlMappingNode map)
    {
        if (!map.Children.TryGetValue(ImagesKey, out var node)) return (null, null);
        if (node is not YamlMappingNode images)
            return (null, $"{ImagesKey} must be a mapping: {ImagesKey}: {{{MandelbrotImageKey}: <image>}}");
        var other = images.Children.Keys.Select(k => k.ToString()).Where(k => k != MandelbrotImageKey).ToList();
        if (other.Count > 0) return (null, $"{ImagesKey}: unknown workload {string.Join(", ", other)}; allowed: {MandelbrotImageKey}");
        if (!images.Children.TryGetValue(MandelbrotImageKey, out var value)) return (null, null);
        var text = (value as YamlScalarNode)?.Value ?? "";
        return ImageReference.Parse(text) is { } image ? (image, null)
            : (null, $"{ImagesKey}.{MandelbrotImageKey}: '{text}' is not an image reference: {ImageReference.Form}");
    }
}
