using System.Text.Json.Nodes;
using Engine;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.Drift;

/// <summary>The infrastructure half of Drift: the steps of <c>pulumi preview --expect-no-changes --json</c> that would
/// change something (docs/drift.md#infrastructure), each with the properties its detailed diff names. Only names
/// are shown, never a value: a preview's state can hold secrets.</summary>
public static class InfraDrift
{
    /// <summary>Steps that change nothing: what pulumi's own ResourceChanges.HasChanges leaves out.</summary>
    static readonly HashSet<string> Unchanged = ["same", "read", "read-replacement", "discard"];

    /// <summary>What the preview of <paramref name="stack"/> would change; <paramref name="apply"/> is the command that
    /// applies its program. A preview that fails, or exits non-zero and proposes no change, says why.</summary>
    public static async Task<IReadOnlyList<DriftRow>> ReadAsync(InfraStack stack, string apply, CancellationToken ct)
    {
        var (preview, exitCode) = await stack.Pulumi.PreviewJsonAsync(ct);
        var changes = Rows(stack, preview, $"change the program, or apply it: {apply}");
        if (changes.Count == 0 && exitCode != 0)
            throw new TargetFailedException($"pulumi preview of {stack.DisplayName} exited with code {exitCode} and proposed no change: " +
                $"run it in {stack.DisplayDirectory} to see why");
        return changes;
    }

    static IReadOnlyList<DriftRow> Rows(InfraStack stack, JsonObject preview, string remedy) =>
    [
        .. (preview["steps"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(s => KubernetesObjects.Text(s["op"]) is { } op && !Unchanged.Contains(op))
            .Select(s => new DriftRow(DriftRow.Infrastructure, stack.DisplayName, Resource(KubernetesObjects.Text(s["urn"]) ?? "?"),
                Properties(s), DriftClass.InfrastructureChange, $"pulumi would {KubernetesObjects.Text(s["op"])} it", remedy)),
    ];

    /// <summary>urn:pulumi:stack::project::type::name → type name.</summary>
    static string Resource(string urn)
    {
        var parts = urn.Split("::");
        return parts.Length >= 4 ? $"{parts[^2].Split('$')[^1]} {parts[^1]}" : urn;
    }

    static string Properties(JsonObject step)
    {
        var detailed = (step["detailedDiff"] as JsonObject ?? []).Select(p => p.Key).ToList();
        var names = detailed.Count > 0 ? detailed
            : (step["replaceReasons"] as JsonArray ?? step["diffReasons"] as JsonArray ?? []).Select(KubernetesObjects.Text)
                .OfType<string>();
        return string.Join(", ", names.Order(StringComparer.Ordinal));
    }
}
