using System.Text.Json.Nodes;
using Trinity.Build.Platform.Manifests;

namespace Trinity.Build.Platform.Infra;

/// <summary>A committed Pulumi.&lt;stack&gt;.yaml read without pulumi (Verify is offline): each key of `config:` with its
/// value, or only the fact that it is `secure:` ciphertext, whose text is never kept.</summary>
public static class StackConfigFile
{
    public sealed record Entry(string? Value, bool Secure);

    /// <summary>The file's config, or null when it does not exist or holds no YAML mapping.</summary>
    public static IReadOnlyDictionary<string, Entry>? Read(string root, string relativePath)
    {
        var path = Path.Combine(root, relativePath);
        if (!File.Exists(path)) return null;
        IReadOnlyList<JsonNode> documents;
        try
        {
            documents = Yaml.Documents(File.ReadAllText(path));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
        if (documents.Count == 0 || documents[0]["config"] is not JsonObject config) return new Dictionary<string, Entry>();
        return config.ToDictionary(c => c.Key, c => c.Value switch
        {
            JsonObject o when o.ContainsKey("secure") => new Entry(null, Secure: true),
            JsonValue v => new Entry(v.ToString(), Secure: false),
            null => new Entry(null, Secure: false),
            var other => new Entry(other.ToJsonString(), Secure: false),
        });
    }
}
