using System.Text.RegularExpressions;

namespace Trinity.Build.Platform.Naming;

/// <summary>A container image as an environment declares it: [registry/]repository[:tag][@digest], split the way
/// kustomize's images transformer takes it (name, newName, newTag, digest; docs/environments.md#images).</summary>
public sealed partial record ImageReference(string Name, string? Tag, string? Digest)
{
    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?" +
        @"(@sha256:[a-f0-9]{64})?$")]
    private static partial Regex Pattern();

    public const string Form = "[registry/]repository[:tag][@sha256:digest], e.g. ghcr.io/<owner>/mandelbrot:1.4.2";

    public static ImageReference? Parse(string text)
    {
        if (!Pattern().IsMatch(text)) return null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var digest = at >= 0 ? text[(at + 1)..] : null;
        var rest = at >= 0 ? text[..at] : text;
        var colon = rest.LastIndexOf(':');
        return colon > rest.LastIndexOf('/') ? new ImageReference(rest[..colon], rest[(colon + 1)..], digest)
            : new ImageReference(rest, null, digest);
    }

    public override string ToString() => $"{Name}{(Tag is null ? "" : $":{Tag}")}{(Digest is null ? "" : $"@{Digest}")}";
}
