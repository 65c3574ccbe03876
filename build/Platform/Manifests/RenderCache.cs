using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Trinity.Build.Platform.Manifests;

/// <summary>A render is a pure function of the files a kustomization reads, so one process renders each distinct
/// set of inputs once (Verify and Preflight read the same overlays; many builds run in one test process). The key
/// is the content of every file the kustomization can reach: its own folder, and every path any of its values
/// names, followed through the kustomizations those paths hold. Naming more than kustomize reads only costs a miss.</summary>
internal static class RenderCache
{
    static readonly ConcurrentDictionary<string, Task<Engine.Processes.ToolResult>> Renders = new(StringComparer.Ordinal);

    public static async Task<Engine.Processes.ToolResult> GetOrRenderAsync(string root, string directory,
        Func<Task<Engine.Processes.ToolResult>> render)
    {
        string key;
        try
        {
            key = Key(root, directory);
        }
        catch (Exception e) when (e is IOException or YamlException or UnauthorizedAccessException)
        {
            return await render(); // unreadable inputs: kubectl says what is wrong with them
        }
        var task = Renders.GetOrAdd(key, _ => render());
        try
        {
            return await task;
        }
        catch
        {
            Renders.TryRemove(KeyValuePair.Create(key, task)); // a failed or cancelled render is not remembered
            throw;
        }
    }

    static string Key(string root, string directory)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        Reach(root, Path.GetFullPath(Path.Combine(root, directory)), files, []);
        // Which kubectl renders (PATH) belongs to the key.
        var text = new StringBuilder(directory).Append('\n').Append(Engine.Session.Current.Variable("PATH")).Append('\n');
        foreach (var file in files)
            text.Append(Path.GetRelativePath(root, file)).Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))))
                .Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    static void Reach(string root, string folder, SortedSet<string> files, HashSet<string> seen)
    {
        if (!seen.Add(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)) files.Add(file);
        var kustomization = Path.Combine(folder, "kustomization.yaml");
        if (!File.Exists(kustomization)) return;
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(kustomization)));
        foreach (var value in stream.Documents.SelectMany(d => Scalars(d.RootNode)))
        {
            if (value.Contains("://", StringComparison.Ordinal) || value.Contains('\n')) continue;
            var path = Path.GetFullPath(Path.Combine(folder, value));
            if (!path.StartsWith(root, StringComparison.Ordinal)) continue;
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path)) Reach(root, path, files, seen);
        }
    }

    static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode { Value: { Length: > 0 } v } => [v],
        YamlSequenceNode seq => seq.Children.SelectMany(Scalars),
        YamlMappingNode map => map.Children.SelectMany(c => Scalars(c.Value)),
        _ => [],
    };
}
