using System.Text.Json;
using Engine;

namespace Trinity.Build.Platform.Manifests.Schemas;

/// <summary>One upstream CRD file the platform is pinned to: its name in a CRD folder, where it is published, and
/// the sha256 it must have wherever it comes from.</summary>
public sealed record PinnedCrd(string File, string Url, string Sha256);

/// <summary>The pins live in <c>platform/crds.json</c>, beside the manifests whose versions they describe, so a
/// version bump is one reviewed change of data (and a copy of the tree carries its own pins).</summary>
public static class PinnedCrds
{
    public const string FileName = "platform/crds.json";

    sealed record Document(List<PinnedCrd>? Crds);

    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<PinnedCrd> Load(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path)) throw new TargetFailedException($"{FileName} is missing: it pins the upstream CRDs Verify checks against");
        try
        {
            var crds = JsonSerializer.Deserialize<Document>(File.ReadAllBytes(path), Json)?.Crds ?? [];
            if (crds.Count == 0
                || crds.Any(c => c.File is not { Length: > 0 } || c.Url is not { Length: > 0 } || c.Sha256 is not { Length: 64 }))
                throw new TargetFailedException($"{FileName}: every entry of \"crds\" needs file, url and a 64-digit sha256");
            return crds;
        }
        catch (JsonException e)
        {
            throw new TargetFailedException($"{FileName}: line {(e.LineNumber ?? 0) + 1}: not valid JSON");
        }
    }
}
