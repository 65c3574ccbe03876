using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Engine;
using Trinity.Build.Tools;
using YamlDotNet.Core;

namespace Trinity.Build.Platform.Manifests;

/// <summary>One kustomization as the real <c>kubectl kustomize</c> renders it, or why it did not render.</summary>
public sealed record RenderedDirectory(string Directory, IReadOnlyList<ManifestObject> Objects, Finding? Failure);

/// <summary>Renders every kustomization under platform/, side by side. Each is rendered through a wrapper in
/// .nuke/temp that adds kustomize's origin annotations, so every object knows the file in Git it came from; the
/// annotation is removed again before any rule looks at the object.</summary>
public static partial class Rendering
{
    const string Origin = "config.kubernetes.io/origin";

    public static IReadOnlyList<string> Kustomizations(string root) =>
        [.. Directory.EnumerateFiles(Path.Combine(root, "platform"), "kustomization.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    public static async Task<IReadOnlyList<RenderedDirectory>> RenderAllAsync(string root, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(4);
        return await Task.WhenAll(Kustomizations(root).Select(async dir =>
        {
            await gate.WaitAsync(ct);
            try { return await RenderAsync(root, dir, ct); }
            finally { gate.Release(); }
        }));
    }

    public static async Task<RenderedDirectory> RenderAsync(string root, string directory, CancellationToken ct)
    {
        var wrapper = Path.Combine(root, ".nuke", "temp", "verify", "render", directory.Replace('/', '_'));
        Directory.CreateDirectory(wrapper);
        var target = Path.GetRelativePath(wrapper, Path.Combine(root, directory)).Replace('\\', '/');
        // Written whole and renamed into place: a build running beside this one reads the same wrapper meanwhile.
        var file = Path.Combine(wrapper, "kustomization.yaml");
        var temporary = $"{file}.tmp-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}";
        await File.WriteAllTextAsync(temporary,
            $"# written by Verify: renders {directory} with origin annotations\nresources:\n  - {target}\nbuildMetadata: " +
                $"[originAnnotations]\n", ct);
        File.Move(temporary, file, overwrite: true);

        var kustomization = directory + "/kustomization.yaml";
        var result = await RenderCache.GetOrRenderAsync(root, directory,
            () => Kubectl.KustomizeAsync(Path.GetRelativePath(root, wrapper).Replace('\\', '/'), ct));
        if (!result.Succeeded)
            return new RenderedDirectory(directory, [],
                new Finding(kustomization, "-", "render", $"kubectl kustomize failed: {KubectlError(result.Error)}",
                $"run kubectl kustomize {directory} and fix what it names"));

        try
        {
            var objects = Yaml.Documents(result.Output).OfType<JsonObject>().Select(o => Object(root, wrapper, directory, o)).ToList();
            return new RenderedDirectory(directory, objects, null);
        }
        catch (YamlException e)
        {
            return new RenderedDirectory(directory, [],
                new Finding(kustomization, "-", "render", $"the rendered output is not YAML: {e.Message}",
                    $"run kubectl kustomize {directory}"));
        }
    }

    static ManifestObject Object(string root, string wrapper, string directory, JsonObject body)
    {
        var source = directory + "/kustomization.yaml";
        if (body["metadata"]?["annotations"] is JsonObject annotations && annotations[Origin]?.GetValue<string>() is { } origin)
        {
            // "path: ../../base/x.yaml" for a resource; "configuredIn: …/kustomization.yaml" for a generated one.
            var match = OriginPath().Match(origin);
            if (match.Success) source = Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(wrapper, match.Groups[2].Value)))
                .Replace('\\', '/');
            annotations.Remove(Origin);
            if (annotations.Count == 0) ((JsonObject)body["metadata"]!).Remove("annotations");
        }
        return new ManifestObject(body, source, directory);
    }

    [GeneratedRegex(@"(?m)^(path|configuredIn):\s*(\S+)")]
    private static partial Regex OriginPath();

    // kubectl prints `E1128 … run.go:72] "command failed" err="…"`: the err text is what a person needs.
    static string KubectlError(string stderr)
    {
        var match = ErrText().Match(stderr);
        var text = match.Success ? Regex.Unescape(match.Groups[1].Value) : stderr.Trim();
        return Secrets.Mask(text.Replace(Path.DirectorySeparatorChar + ".nuke" + Path.DirectorySeparatorChar + "temp", "",
            StringComparison.Ordinal).Split('\n')[0]);
    }

    [GeneratedRegex("err=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex ErrText();
}
