using System.Text.RegularExpressions;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>The environment's Kubernetes minor (its declaration's `kubernetes`, which every cluster stack sets): declared,
/// shaped 1.&lt;minor&gt;, and within one minor of the kubectl here, the skew kubectl supports (docs/kubernetes.md).</summary>
public static partial class KubernetesVersionCheck
{
    public const string Name = "Kubernetes version";

    [GeneratedRegex(@"^1\.(\d+)$")]
    private static partial Regex MinorPattern();

    public static async Task<Check> RunAsync(string root, string environment, CancellationToken ct)
    {
        var file = $"{EnvironmentDeclaration.Folder}/{environment}.yaml";
        var (_, declaration, problem) = EnvironmentDeclaration.ReadAll(root).FirstOrDefault(d => d.File == file);
        var example = $"kubernetes: \"{EnvironmentDeclaration.DefaultKubernetes}\"";
        if (declaration is null)
            return Check.Fail(Name, problem is null ? $"{file} does not exist" : $"{file}: {problem}",
                $"declare the environment in {file}, with the minor its clusters run ({example})");
        if (declaration.Kubernetes is not { } version)
            return Check.Fail(Name, $"{file} declares no kubernetes", $"add {example} to {file}: the minor every cluster of " +
                $"{environment} runs, 1.<minor>");
        if (MinorPattern().Match(version) is not { Success: true } match)
            return Check.Fail(Name, $"{file}: kubernetes '{version}' is not a minor", $"write it as 1.<minor> in {file} ({example}); " +
                "the clouds pick the patch");
        var minor = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var client = await Kubectl.ClientMinorAsync(ct);
        if (client is null) return Check.Pass(Name, $"{version} ({file}); kubectl's own version unknown");
        return Math.Abs(client.Value - minor) <= 1
            ? Check.Pass(Name, $"{version} ({file}); kubectl 1.{client}")
            : Check.Fail(Name, $"kubectl 1.{client} is outside the skew kubectl supports for {file}'s kubernetes {version}",
                $"use kubectl 1.{minor - 1}, 1.{minor} or 1.{minor + 1} (one minor either side of {version}, {file})");
    }
}
