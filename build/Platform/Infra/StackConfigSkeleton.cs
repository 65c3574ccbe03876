using Engine;

namespace Trinity.Build.Platform.Infra;

/// <summary>A new environment's Pulumi.&lt;env&gt;.yaml, from another environment's: the same comments and settings
/// with trinity:env (and names that embed it) changed, and no secret, whose ciphertext belongs to the other stack.</summary>
public static class StackConfigSkeleton
{
    public static string From(string root, string templateFile, string from, string to)
    {
        var path = Path.Combine(root, templateFile);
        if (!File.Exists(path))
            throw new TargetFailedException($"{templateFile} is missing: the new environment's stack config is made from it");
        var lines = File.ReadAllLines(path);
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            // `  key:` followed by `    secure: …` is a secret: left out, set again with pulumi config set --secret.
            if (i + 1 < lines.Length && lines[i].TrimEnd().EndsWith(':')
                && lines[i + 1].TrimStart().StartsWith("secure:", StringComparison.Ordinal))
            {
                i++;
                continue;
            }
            kept.Add(lines[i].Replace($"trinity:env: {from}", $"trinity:env: {to}", StringComparison.Ordinal)
                .Replace($"trinity-{from}-", $"trinity-{to}-", StringComparison.Ordinal)
                .Replace($"environment {from}", $"environment {to}", StringComparison.Ordinal));
        }
        return string.Join('\n', kept) + "\n";
    }
}
