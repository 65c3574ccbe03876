using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>No secret values in Git: no Secret with data or stringData among the rendered objects, and nothing
/// credential-shaped in any file under platform/, infra/ or .github/. A finding never shows the value.</summary>
public static partial class SecretValueRule
{
    public const string SecretId = "secret-value", CredentialId = "credential";

    static readonly (Regex Pattern, string What)[] Shapes =
    [
        (AwsKeyId(), "an AWS access key id"),
        (GrafanaToken(), "a Grafana Cloud token"),
        (PrivateKey(), "a private key"),
        (Jwt(), "a JSON Web Token"),
    ];

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")] private static partial Regex AwsKeyId();
    [GeneratedRegex(@"\bgl(c|sa)_[A-Za-z0-9+/=_-]{20,}")] private static partial Regex GrafanaToken();
    [GeneratedRegex(@"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----")] private static partial Regex PrivateKey();
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")] private static partial Regex Jwt();

    static readonly string[] Scanned = ["platform", "infra", ".github"];

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var o in context.Objects.Where(o => o.Group.Length == 0 && o.Kind == "Secret"))
        foreach (var field in new[] { "data", "stringData" })
            if (o.Body[field] is JsonObject { Count: > 0 })
                yield return Finding.For(o, SecretId,
                    $"a Secret with {field} in Git: its values are readable by anyone who can read the repository",
                    $"delete it; deliver the value through an ExternalSecret and the cloud's backend " +
                        $"({context.Remedies.Targets.SecretBackendsApply})");

        foreach (var (file, line, what) in Scan(context.Root))
            yield return new Finding($"{file}:{line}", "-", CredentialId, $"looks like {what} (value not shown)",
                "remove it and rotate it if it was ever real; keep secrets in the cloud backends or `pulumi config set --secret`");
    }

    public static IEnumerable<(string File, int Line, string What)> Scan(string root)
    {
        foreach (var top in Scanned.Select(s => Path.Combine(root, s)).Where(Directory.Exists))
        foreach (var path in Directory.EnumerateFiles(top, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Split('/')
                .Any(part => part is "node_modules" or "bin" or "obj") || new FileInfo(path).Length > 2_000_000) continue;
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
                foreach (var (pattern, what) in Shapes)
                    if (pattern.IsMatch(lines[i])) yield return (relative, i + 1, what);
        }
    }
}
